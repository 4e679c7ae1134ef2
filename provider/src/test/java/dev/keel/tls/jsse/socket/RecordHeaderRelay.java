package dev.keel.tls.jsse.socket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between a client and a server that notes the header of every TLS record the client
 * sends (RFC 8446 section 5.1: content type, legacy version, 16-bit length). Lets a test see how the
 * socket layer cut its writes into records.
 */
final class RecordHeaderRelay implements AutoCloseable {
    /** One record header seen on the wire. */
    static final class Header {
        final int contentType;
        final int length;

        Header(int contentType, int length) {
            this.contentType = contentType;
            this.length = length;
        }
    }

    private final ServerSocket listener;
    private final int serverPort;
    private final List<Header> clientRecords = new CopyOnWriteArrayList<>();
    private final List<Peer<Void>> pumps = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Peer<Void> acceptor;

    RecordHeaderRelay(InetAddress address, int serverPort) throws IOException {
        this.listener = new ServerSocket(0, 50, address);
        this.serverPort = serverPort;
        this.acceptor = Peer.start("relay-acceptor", this::acceptOne);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Headers of the client's records so far, in order. */
    List<Header> clientRecords() {
        return List.copyOf(clientRecords);
    }

    private Void acceptOne() throws IOException {
        Socket client = listener.accept();
        sockets.add(client);
        Socket server = new Socket(listener.getInetAddress(), serverPort);
        sockets.add(server);
        pumps.add(Peer.start("relay-to-server", () -> pump(client.getInputStream(), server.getOutputStream(), true)));
        pumps.add(Peer.start("relay-to-client", () -> pump(server.getInputStream(), client.getOutputStream(), false)));
        return null;
    }

    private Void pump(InputStream in, OutputStream out, boolean parse) throws IOException {
        HeaderParser parser = new HeaderParser();
        byte[] buffer = new byte[32 * 1024];
        int n;
        try {
            while ((n = in.read(buffer)) >= 0) {
                if (parse) {
                    parser.feed(buffer, n);
                }
                out.write(buffer, 0, n);
            }
        } finally {
            closeAll();
        }
        return null;
    }

    /** Walks the byte stream record by record: 5 header bytes, then {@code length} bytes to skip. */
    private final class HeaderParser {
        private final byte[] header = new byte[5];
        private int headerBytes;
        private int bodyRemaining;

        void feed(byte[] data, int n) {
            int i = 0;
            while (i < n) {
                if (bodyRemaining > 0) {
                    int skip = Math.min(bodyRemaining, n - i);
                    bodyRemaining -= skip;
                    i += skip;
                } else {
                    header[headerBytes++] = data[i++];
                    if (headerBytes == header.length) {
                        bodyRemaining = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
                        clientRecords.add(new Header(header[0] & 0xff, bodyRemaining));
                        headerBytes = 0;
                    }
                }
            }
        }
    }

    private void closeAll() {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing everything anyway
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        closeAll();
        acceptor.close();
        for (Peer<Void> pump : pumps) {
            pump.close();
        }
    }
}
