/**
 * Keel against a hostile peer, at the connection and engine level (the codec and record tables live
 * in {@code message} and {@code record}):
 * <ul>
 *   <li>{@link dev.keel.tls.hostile.HandshakeHarness}: the two TLS 1.3 state machines wired through
 *       recording {@code HandshakeIo}s, messages passed by hand, so any message can be dropped,
 *       reordered, repeated or rewritten ({@code HandshakeStateMachineHostileTest});
 *   <li>{@link dev.keel.tls.hostile.EngineProbe}: feeds bytes to a real {@code SSLEngine} and checks
 *       the failure contract (SSLException, NEED_WRAP, one fatal alert record, closed)
 *       ({@code ServerEngineHostileTest}, {@code ClientEngineHostileTest});
 *   <li>{@link dev.keel.tls.hostile.ScriptedPeer}: a peer built from Keel's handshake and record layer
 *       under the test's control, to send crafted encrypted records ({@code PostHandshakeHostileTest});
 *       {@link dev.keel.tls.hostile.Tls13Sealer} seals what Keel's record layer refuses to write;
 *   <li>{@code EngineFuzzTest}: bounded, seeded mutation of real first flights.
 * </ul>
 * Expected alerts come from RFC 8446, never from the code under test.
 */
package dev.keel.tls.hostile;
