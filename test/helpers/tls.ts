import forge from 'node-forge';

export interface TestPki {
  caPem: string;
  keyPem: string;
  certPem: string;
}

/** A throw-away certificate authority and a server certificate it signed, for localhost and 127.0.0.1. */
export function testPki(): TestPki {
  const { pki, md } = forge;
  const now = new Date();
  const later = new Date(now.getTime() + 86_400_000);

  const caKeys = pki.rsa.generateKeyPair(2048);
  const ca = pki.createCertificate();
  ca.publicKey = caKeys.publicKey;
  ca.serialNumber = '01';
  ca.validity.notBefore = now;
  ca.validity.notAfter = later;
  const caName = [{ name: 'commonName', value: 'Agora Test CA' }];
  ca.setSubject(caName);
  ca.setIssuer(caName);
  ca.setExtensions([{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }]);
  ca.sign(caKeys.privateKey, md.sha256.create());

  const keys = pki.rsa.generateKeyPair(2048);
  const cert = pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '02';
  cert.validity.notBefore = now;
  cert.validity.notAfter = later;
  cert.setSubject([{ name: 'commonName', value: 'localhost' }]);
  cert.setIssuer(caName);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
  ]);
  cert.sign(caKeys.privateKey, md.sha256.create());

  return { caPem: pki.certificateToPem(ca), keyPem: pki.privateKeyToPem(keys.privateKey), certPem: pki.certificateToPem(cert) };
}
