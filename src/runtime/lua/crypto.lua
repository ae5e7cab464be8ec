-- .crypto.init (aolite; also served as .crypto): a subset of aos's crypto library, written for aolite.
-- It has the digests, the byte helpers and HMAC; aos's ciphers (and crypto.random), md2, md4, blake2b
-- and kdf.pbkdf2 are not provided.
return {
  _version = "0.0.1",
  digest = require(".crypto.digest.init"),
  utils = require(".crypto.util.init"),
  mac = require(".crypto.mac.init"),
}
