using System;

namespace Minix3.Cosmos.Lib.Posix.Users
{
    // SHA-512 (FIPS 180-4), incremental: Add bytes as they come, then
    // Finish for the 64-byte digest. Written for the password hashes of
    // /etc/shadow (ShaCrypt), so it favours plain code over speed. The
    // round constants are the first 64 bits of the fractional parts of the
    // cube roots of the first 80 primes; the initial state, of the square
    // roots of the first 8.
    public sealed class Sha512
    {
        public const int DigestSize = 64;
        private const int BlockSize = 128;

        private static readonly ulong[] s_rounds =
        {
            0x428a2f98d728ae22UL, 0x7137449123ef65cdUL, 0xb5c0fbcfec4d3b2fUL, 0xe9b5dba58189dbbcUL,
            0x3956c25bf348b538UL, 0x59f111f1b605d019UL, 0x923f82a4af194f9bUL, 0xab1c5ed5da6d8118UL,
            0xd807aa98a3030242UL, 0x12835b0145706fbeUL, 0x243185be4ee4b28cUL, 0x550c7dc3d5ffb4e2UL,
            0x72be5d74f27b896fUL, 0x80deb1fe3b1696b1UL, 0x9bdc06a725c71235UL, 0xc19bf174cf692694UL,
            0xe49b69c19ef14ad2UL, 0xefbe4786384f25e3UL, 0x0fc19dc68b8cd5b5UL, 0x240ca1cc77ac9c65UL,
            0x2de92c6f592b0275UL, 0x4a7484aa6ea6e483UL, 0x5cb0a9dcbd41fbd4UL, 0x76f988da831153b5UL,
            0x983e5152ee66dfabUL, 0xa831c66d2db43210UL, 0xb00327c898fb213fUL, 0xbf597fc7beef0ee4UL,
            0xc6e00bf33da88fc2UL, 0xd5a79147930aa725UL, 0x06ca6351e003826fUL, 0x142929670a0e6e70UL,
            0x27b70a8546d22ffcUL, 0x2e1b21385c26c926UL, 0x4d2c6dfc5ac42aedUL, 0x53380d139d95b3dfUL,
            0x650a73548baf63deUL, 0x766a0abb3c77b2a8UL, 0x81c2c92e47edaee6UL, 0x92722c851482353bUL,
            0xa2bfe8a14cf10364UL, 0xa81a664bbc423001UL, 0xc24b8b70d0f89791UL, 0xc76c51a30654be30UL,
            0xd192e819d6ef5218UL, 0xd69906245565a910UL, 0xf40e35855771202aUL, 0x106aa07032bbd1b8UL,
            0x19a4c116b8d2d0c8UL, 0x1e376c085141ab53UL, 0x2748774cdf8eeb99UL, 0x34b0bcb5e19b48a8UL,
            0x391c0cb3c5c95a63UL, 0x4ed8aa4ae3418acbUL, 0x5b9cca4f7763e373UL, 0x682e6ff3d6b2b8a3UL,
            0x748f82ee5defb2fcUL, 0x78a5636f43172f60UL, 0x84c87814a1f0ab72UL, 0x8cc702081a6439ecUL,
            0x90befffa23631e28UL, 0xa4506cebde82bde9UL, 0xbef9a3f7b2c67915UL, 0xc67178f2e372532bUL,
            0xca273eceea26619cUL, 0xd186b8c721c0c207UL, 0xeada7dd6cde0eb1eUL, 0xf57d4f7fee6ed178UL,
            0x06f067aa72176fbaUL, 0x0a637dc5a2c898a6UL, 0x113f9804bef90daeUL, 0x1b710b35131c471bUL,
            0x28db77f523047d84UL, 0x32caab7b40c72493UL, 0x3c9ebe0a15c9bebcUL, 0x431d67c49c100d4cUL,
            0x4cc5d4becb3e42b6UL, 0x597f299cfc657e2aUL, 0x5fcb6fab3ad6faecUL, 0x6c44198c4a475817UL
        };

        private readonly ulong[] _state = new ulong[8];
        private readonly ulong[] _schedule = new ulong[80];
        private readonly byte[] _block = new byte[BlockSize];
        private int _filled;
        private ulong _length;

        public Sha512() => Reset();

        public void Reset()
        {
            _state[0] = 0x6a09e667f3bcc908UL; _state[1] = 0xbb67ae8584caa73bUL;
            _state[2] = 0x3c6ef372fe94f82bUL; _state[3] = 0xa54ff53a5f1d36f1UL;
            _state[4] = 0x510e527fade682d1UL; _state[5] = 0x9b05688c2b3e6c1fUL;
            _state[6] = 0x1f83d9abfb41bd6bUL; _state[7] = 0x5be0cd19137e2179UL;
            _filled = 0;
            _length = 0;
        }

        public void Add(ReadOnlySpan<byte> data)
        {
            _length += (ulong)data.Length;
            for (int i = 0; i < data.Length; i++)
            {
                _block[_filled++] = data[i];
                if (_filled == BlockSize)
                {
                    Compress();
                    _filled = 0;
                }
            }
        }

        // The digest of everything added since the last Reset; the object
        // is then Reset for the next message.
        public byte[] Finish()
        {
            ulong bits = _length * 8;
            _block[_filled++] = 0x80;
            if (_filled > BlockSize - 16)
            {
                while (_filled < BlockSize)
                    _block[_filled++] = 0;
                Compress();
                _filled = 0;
            }
            while (_filled < BlockSize - 8)
                _block[_filled++] = 0;
            for (int i = 7; i >= 0; i--)
                _block[_filled++] = (byte)(bits >> (8 * i));
            Compress();
            var digest = new byte[DigestSize];
            for (int word = 0; word < 8; word++)
            {
                for (int i = 0; i < 8; i++)
                    digest[word * 8 + i] = (byte)(_state[word] >> (56 - 8 * i));
            }
            Reset();
            return digest;
        }

        public static byte[] Hash(ReadOnlySpan<byte> data)
        {
            var sha = new Sha512();
            sha.Add(data);
            return sha.Finish();
        }

        private void Compress()
        {
            ulong[] w = _schedule;
            for (int t = 0; t < 16; t++)
            {
                ulong value = 0;
                for (int i = 0; i < 8; i++)
                    value = (value << 8) | _block[t * 8 + i];
                w[t] = value;
            }
            for (int t = 16; t < 80; t++)
            {
                ulong s0 = Rotate(w[t - 15], 1) ^ Rotate(w[t - 15], 8) ^ (w[t - 15] >> 7);
                ulong s1 = Rotate(w[t - 2], 19) ^ Rotate(w[t - 2], 61) ^ (w[t - 2] >> 6);
                w[t] = w[t - 16] + s0 + w[t - 7] + s1;
            }
            ulong a = _state[0], b = _state[1], c = _state[2], d = _state[3];
            ulong e = _state[4], f = _state[5], g = _state[6], h = _state[7];
            for (int t = 0; t < 80; t++)
            {
                ulong sum1 = Rotate(e, 14) ^ Rotate(e, 18) ^ Rotate(e, 41);
                ulong choose = (e & f) ^ (~e & g);
                ulong t1 = h + sum1 + choose + s_rounds[t] + w[t];
                ulong sum0 = Rotate(a, 28) ^ Rotate(a, 34) ^ Rotate(a, 39);
                ulong majority = (a & b) ^ (a & c) ^ (b & c);
                ulong t2 = sum0 + majority;
                h = g; g = f; f = e; e = d + t1;
                d = c; c = b; b = a; a = t1 + t2;
            }
            _state[0] += a; _state[1] += b; _state[2] += c; _state[3] += d;
            _state[4] += e; _state[5] += f; _state[6] += g; _state[7] += h;
        }

        private static ulong Rotate(ulong x, int n) => (x >> n) | (x << (64 - n));
    }
}
