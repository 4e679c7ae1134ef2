/**
 * Reserved for the drop-in tests (a later issue): Keel installed as the JVM's first security provider in
 * a forked JVM, then used unchanged by HttpClient, HttpsURLConnection and plain SSLSocketFactory code.
 * Nothing is built here yet.
 */
package dev.keel.tls.conformance.dropin;
