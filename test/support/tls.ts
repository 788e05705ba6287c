// A certificate authority and a server certificate for 127.0.0.1, made at the start of a run with
// openssl, so that the emulator can serve HTTPS as the real vendors do and n8n can trust it the way its
// documentation says to trust a private CA (NODE_EXTRA_CA_CERTS), with verification left on.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LoopbackCertificates {
	/** PEM file of the CA that signed the server certificate: NODE_EXTRA_CA_CERTS for n8n. */
	caFile: string;
	/** The CA's PEM text, for the benchmark's own HTTPS calls. */
	ca: string;
	keyFile: string;
	certFile: string;
	key: string;
	cert: string;
	remove(): void;
}

function openssl(args: string[], cwd: string): void {
	try {
		execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
	} catch (error) {
		const why = (error as { code?: string }).code === 'ENOENT' ? 'openssl is not installed (Debian: apt-get install openssl)' : String((error as { stderr?: Buffer }).stderr ?? error);
		throw new Error(`Making the benchmark's TLS certificate failed: ${why}`);
	}
}

export function makeLoopbackCertificates(): LoopbackCertificates {
	const dir = mkdtempSync(join(tmpdir(), 'bench-tls-'));
	const days = ['-days', '2'];
	openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=n8n-nodes-aicc-eiam bench CA', ...days], dir);
	openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1'], dir);
	writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n');
	openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-extfile', 'server.ext', ...days], dir);
	return {
		caFile: join(dir, 'ca.pem'),
		ca: readFileSync(join(dir, 'ca.pem'), 'utf8'),
		keyFile: join(dir, 'server.key'),
		certFile: join(dir, 'server.pem'),
		key: readFileSync(join(dir, 'server.key'), 'utf8'),
		cert: readFileSync(join(dir, 'server.pem'), 'utf8'),
		remove: () => rmSync(dir, { recursive: true, force: true }),
	};
}
