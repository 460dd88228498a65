/**
 * The national SM algorithms of the sm gateway style (docs/protocol.md §1.3 C), from the registry
 * package `sm-crypto` (never hand-written): SM4-ECB with PKCS#7 padding, and the SM3withSM2
 * signature `r‖s` with user id `1234567812345678`. Every value on the wire is Base64.
 */
import smCrypto from 'sm-crypto';
import { SM2_USER_ID } from '../../../shared/protocol/gateway-refusals';

const { sm2, sm4 } = smCrypto;
/** Present in sm-crypto 0.3 but missing from its type definitions. */
const derivepublic = (sm2 as unknown as { getPublicKeyFromPrivateKey(k: string): string }).getPublicKeyFromPrivateKey;

/** Base64 of SM4-ECB/PKCS#7 of the UTF-8 text `plain`; `keyHex` is 32 hex digits. */
export function sm4EncryptBase64(plain: string, keyHex: string): string {
  const hex = sm4.encrypt(plain, keyHex.toLowerCase());
  return Buffer.from(hex, 'hex').toString('base64');
}

/** The UTF-8 text of a Base64 SM4-ECB/PKCS#7 ciphertext. Throws on a bad length or padding. */
export function sm4DecryptBase64(cipherBase64: string, keyHex: string): string {
  const bytes = Buffer.from(cipherBase64, 'base64');
  if (bytes.length === 0 || bytes.length % 16 !== 0) throw new Error('SM4 ciphertext length is not a multiple of 16');
  const out = sm4.decrypt(bytes.toString('hex'), keyHex.toLowerCase(), { output: 'array' });
  return Buffer.from(out).toString('utf8');
}

/** The 128-hex-digit public key `x‖y` of a private key (without sm-crypto's leading `04`). */
export function sm2PublicKeyOf(privateKeyHex: string): string {
  return derivepublic(privateKeyHex.toLowerCase()).replace(/^04/, '');
}

/** Base64 of the 64-byte SM3withSM2 signature `r‖s` of the UTF-8 text `text`. */
export function sm2SignBase64(text: string, privateKeyHex: string, publicKeyHex: string): string {
  const sig = sm2.doSignature(text, privateKeyHex.toLowerCase(), {
    hash: true,
    userId: SM2_USER_ID,
    publicKey: `04${publicKeyHex}`,
  });
  return Buffer.from(sig.padStart(128, '0'), 'hex').toString('base64');
}
