package dev.keel.tls.jsse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mockConstruction;
import static org.mockito.Mockito.when;

import dev.keel.tls.alert.AlertDescription;
import dev.keel.tls.alert.TlsAlertException;
import dev.keel.tls.config.TlsConfig;
import dev.keel.tls.connection.TlsConnection;
import dev.keel.tls.connection.TlsConnection.HandshakeStatus;
import dev.keel.tls.connection.TlsConnection.Result;
import dev.keel.tls.connection.TlsConnection.Status;
import dev.keel.tls.crypto.CipherSuite;
import dev.keel.tls.session.TlsSession;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLProtocolException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.MockedConstruction;

/**
 * The engine as an adapter: what it does with whatever the {@link TlsConnection} answers. The
 * connection is replaced by a Mockito construction mock, so these tests pin the JSSE side of the
 * contract independently of the protocol core.
 */
class KeelSSLEngineAdapterTest {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private MockedConstruction<TlsConnection> connections;
    private final List<TlsConfig> configs = new ArrayList<>();
    private SSLEngine engine;

    @BeforeEach
    void setUp() throws Exception {
        connections = mockConstruction(TlsConnection.class,
                (mock, context) -> configs.add((TlsConfig) context.arguments().get(0)));
        engine = KeelSSLEngineTest.engine(true);
    }

    @AfterEach
    void tearDown() {
        connections.close();
    }

    /** Starts the handshake with a first wrap the mock answers, and returns the mock connection. */
    private TlsConnection started() throws Exception {
        engine.beginHandshake();
        assertEquals(1, connections.constructed().size());
        return connections.constructed().get(0);
    }

    private static ByteBuffer packet() {
        return ByteBuffer.allocate(TlsConnection.MAX_PACKET_SIZE);
    }

    @Test
    void resultsPassThroughUnchanged() throws Exception {
        TlsConnection c = started();
        when(c.wrap(any(), anyInt(), anyInt(), any())).thenReturn(
                new Result(Status.OK, HandshakeStatus.NEED_UNWRAP, 0, 312));
        when(c.unwrap(any(), any(), anyInt(), anyInt())).thenReturn(
                new Result(Status.BUFFER_UNDERFLOW, HandshakeStatus.NEED_UNWRAP, 0, 0),
                new Result(Status.OK, HandshakeStatus.FINISHED, 1200, 0));
        SSLEngineResult w = engine.wrap(EMPTY, packet());
        assertEquals(SSLEngineResult.Status.OK, w.getStatus());
        assertEquals(SSLEngineResult.HandshakeStatus.NEED_UNWRAP, w.getHandshakeStatus());
        assertEquals(312, w.bytesProduced());
        assertEquals(SSLEngineResult.Status.BUFFER_UNDERFLOW, engine.unwrap(EMPTY, packet()).getStatus());
        SSLEngineResult u = engine.unwrap(EMPTY, packet());
        assertEquals(SSLEngineResult.HandshakeStatus.FINISHED, u.getHandshakeStatus());
        assertEquals(1200, u.bytesConsumed());
    }

    @Test
    void getHandshakeStatusNeverSaysFinished() throws Exception {
        TlsConnection c = started();
        when(c.handshakeStatus()).thenReturn(HandshakeStatus.FINISHED, HandshakeStatus.NEED_TASK);
        assertEquals(SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING, engine.getHandshakeStatus());
        assertEquals(SSLEngineResult.HandshakeStatus.NEED_TASK, engine.getHandshakeStatus());
    }

    @Test
    void alertsDuringTheHandshakeAreHandshakeExceptions() throws Exception {
        TlsConnection c = started();
        when(c.unwrap(any(), any(), anyInt(), anyInt()))
                .thenThrow(TlsAlertException.received(AlertDescription.HANDSHAKE_FAILURE));
        SSLException e = assertThrows(SSLException.class, () -> engine.unwrap(EMPTY, packet()));
        assertInstanceOf(SSLHandshakeException.class, e);
        assertEquals("Received fatal alert: handshake_failure", e.getMessage());
    }

    @Test
    void alertsAfterTheHandshakeAreProtocolExceptions() throws Exception {
        TlsConnection c = started();
        when(c.session()).thenReturn(new TlsSession("h", 1));
        when(c.unwrap(any(), any(), anyInt(), anyInt()))
                .thenThrow(TlsAlertException.unexpectedMessage("handshake message after the handshake"));
        SSLException e = assertThrows(SSLException.class, () -> engine.unwrap(EMPTY, packet()));
        assertInstanceOf(SSLProtocolException.class, e);
    }

    @Test
    void aRuntimeExceptionNeverEscapesAndClosesTheEngine() throws Exception {
        TlsConnection c = started();
        when(c.wrap(any(), anyInt(), anyInt(), any())).thenThrow(new IllegalStateException("bug"));
        SSLException e = assertThrows(SSLException.class, () -> engine.wrap(EMPTY, packet()));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertTrue(engine.isInboundDone());
        assertTrue(engine.isOutboundDone());
        assertEquals(SSLEngineResult.Status.CLOSED, engine.wrap(EMPTY, packet()).getStatus());
        assertEquals(SSLEngineResult.Status.CLOSED, engine.unwrap(EMPTY, packet()).getStatus());
        assertThrows(SSLException.class, engine::beginHandshake);
    }

    @Test
    void closeInboundWithoutCloseNotifyIsATruncation() throws Exception {
        TlsConnection c = started();
        doThrow(new TlsAlertException(AlertDescription.INTERNAL_ERROR, "no close_notify")).when(c).closeInbound();
        SSLException e = assertThrows(SSLException.class, engine::closeInbound);
        assertEquals("Inbound closed before receiving peer's close_notify", e.getMessage());
    }

    @Test
    void beginHandshakeAfterCloseFails() throws Exception {
        TlsConnection c = started();
        when(c.isOutboundDone()).thenReturn(true);
        assertThrows(SSLException.class, engine::beginHandshake);
    }

    @Test
    void sessionsAreOneWrapperPerCoreSession() throws Exception {
        TlsConnection c = started();
        TlsSession core = new TlsSession("www.example.com", 443);
        when(c.handshakeSession()).thenReturn(core);
        SSLSession during = engine.getHandshakeSession();
        assertNull(engine.getApplicationProtocol(), "not known before the handshake completes");
        assertNull(engine.getHandshakeApplicationProtocol());
        core.setApplicationProtocol("h2");
        assertEquals("h2", engine.getHandshakeApplicationProtocol());

        when(c.handshakeSession()).thenReturn(null);
        when(c.session()).thenReturn(core);
        assertSame(during, engine.getSession());
        assertNull(engine.getHandshakeSession());
        assertEquals("h2", engine.getApplicationProtocol());
        core.setApplicationProtocol(null);
        assertEquals("", engine.getApplicationProtocol(), "no ALPN negotiated");
    }

    @Test
    void aFailedDelegatedTaskIsReportedByTheNextWrap() throws Exception {
        TlsConnection c = started();
        when(c.delegatedTask()).thenReturn(() -> {
            throw new IllegalStateException("task bug");
        });
        Runnable task = engine.getDelegatedTask();
        task.run(); // must not throw on the task's thread
        SSLException e = assertThrows(SSLException.class, () -> engine.wrap(EMPTY, packet()));
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }

    @Test
    void wrapAndUnwrapRunConcurrently() throws Exception {
        TlsConnection c = started();
        CountDownLatch wrapEntered = new CountDownLatch(1);
        CountDownLatch releaseWrap = new CountDownLatch(1);
        when(c.wrap(any(), anyInt(), anyInt(), any())).thenAnswer(inv -> {
            wrapEntered.countDown();
            assertTrue(releaseWrap.await(30, TimeUnit.SECONDS));
            return new Result(Status.OK, HandshakeStatus.NOT_HANDSHAKING, 0, 0);
        });
        when(c.unwrap(any(), any(), anyInt(), anyInt()))
                .thenReturn(new Result(Status.OK, HandshakeStatus.NOT_HANDSHAKING, 0, 0));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<SSLEngineResult> wrap = pool.submit(() -> engine.wrap(EMPTY, packet()));
            assertTrue(wrapEntered.await(30, TimeUnit.SECONDS));
            // The wrap is parked inside the connection, holding the wrap lock: unwrap still runs.
            assertEquals(SSLEngineResult.Status.OK, engine.unwrap(EMPTY, packet()).getStatus());
            assertFalse(wrap.isDone());
            releaseWrap.countDown();
            assertEquals(SSLEngineResult.Status.OK, wrap.get(30, TimeUnit.SECONDS).getStatus());
        } finally {
            releaseWrap.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void theConnectionIsBuiltOnceFromTheSettingsAtThatTime() throws Exception {
        engine.setEnabledCipherSuites(new String[] {"TLS_AES_256_GCM_SHA384"});
        TlsConnection c = started();
        engine.setEnabledCipherSuites(new String[] {"TLS_AES_128_GCM_SHA256"});
        engine.beginHandshake();
        assertEquals(1, connections.constructed().size());
        assertSame(c, connections.constructed().get(0));
        assertEquals(List.of(CipherSuite.TLS_AES_256_GCM_SHA384), configs.get(0).cipherSuites());
    }
}
