/**
 * TLS alerts and {@link dev.keel.tls.alert.TlsAlertException}, the single error type of the protocol
 * core. Every other package may use this one; it uses none of them.
 */
package dev.keel.tls.alert;
