"""The merchant's RSA key pair, as the Fintecture console has one made: the
private key signs the merchant's calls and decrypts webhooks, the public key
is Fintecture's copy."""

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def public_pem_of(private_pem):
    """The public key (PEM text) of a private key (PEM text or bytes)."""
    if isinstance(private_pem, str):
        private_pem = private_pem.encode()
    key = serialization.load_pem_private_key(private_pem, password=None)
    return (
        key.public_key()
        .public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        .decode()
    )


def new_key_pair():
    """A fresh 2048-bit pair: (private PEM text, public PEM text)."""
    key = rsa.generate_private_key(65537, 2048)
    private_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return private_pem, public_pem_of(private_pem)
