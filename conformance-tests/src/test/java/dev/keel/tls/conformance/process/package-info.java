/**
 * Peer processes (openssl, gnutls-serv/-cli, curl): started with a controlled stdin pipe, output
 * captured by reader threads, every wait bounded, each process killed by its own handle (and its
 * descendants) when its case or server ends — with a JVM shutdown hook as the last resort.
 */
package dev.keel.tls.conformance.process;
