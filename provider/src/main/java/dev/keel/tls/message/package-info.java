/**
 * Wire format: the TLS presentation language ({@link dev.keel.tls.message.TlsReader},
 * {@link dev.keel.tls.message.TlsWriter}), handshake messages and extensions as immutable values with
 * strict {@code decode} and {@code encode}. No protocol logic.
 *
 * <p>What decoding checks: every length against what remains and against the RFC's
 * {@code <floor..ceiling>}, trailing bytes ({@code decode_error}); and the rules that concern one
 * message alone: duplicate extensions, pre_shared_key not last in a ClientHello, one binder per PSK
 * identity, duplicate key_share groups, repeated server_name types, a KeyUpdate value other than 0/1,
 * a record_size_limit below 64 ({@code illegal_parameter}); a CertificateRequest without
 * signature_algorithms ({@code missing_extension}). Everything that compares messages or applies
 * policy (which extensions a message may carry, offered vs. selected values, versions) is the
 * handshake's.
 *
 * <p>Extension bodies are classes of their own ({@link dev.keel.tls.message.SupportedGroups},
 * {@link dev.keel.tls.message.KeyShareClientHello}, ...) with {@code static decode(byte[])},
 * {@code encode()} and {@code toExtension()}, because a body's shape depends on the message carrying it.
 */
package dev.keel.tls.message;
