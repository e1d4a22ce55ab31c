package dev.parity.runners.kserve;

import dev.parity.runners.InvalidModelException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for served models: an SSLContext that trusts the certificate authorities in a PEM file (a private CA in front
 * of a server), and the message for a handshake that fails, shared by the HTTP and gRPC clients.
 */
final class TrustedCertificates {
    private TrustedCertificates() {
    }

    static SSLContext sslContext(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new InvalidModelException(pem + ": no certificate in it (expected PEM blocks BEGIN CERTIFICATE)");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : certs) store.setCertificateEntry("ca-" + i++, c);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new InvalidModelException(pem + ": cannot read the trusted certificates: " + e.getMessage());
        }
    }

    /** A certificate problem does not pass with retries: say so at once, and where the fix goes. */
    static InvalidModelException refused(KServeSettings settings, Throwable e) {
        return new InvalidModelException(settings.where() + ": the TLS handshake failed ("
                + e.getMessage() + "); if the server's certificate comes from a private CA, set server.tls_ca to "
                + "that CA's PEM file" + (settings.tlsCa() == null ? "" : " (now " + settings.tlsCa() + ")")
                + "; not retried");
    }
}
