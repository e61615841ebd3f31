using System;
using System.Text;

namespace Minix3.Cosmos.Lib.Posix.Users
{
    // The "$6$" password hash of /etc/shadow: SHA-crypt with SHA-512 as
    // Ulrich Drepper specified it (the scheme glibc's crypt(3) and every
    // Linux shadow file use, so a hash made here checks on a Linux host and
    // the other way round). A setting is "$6$" [ "rounds=N$" ] SALT, SALT
    // at most 16 characters (longer is cut), N clamped to 1000..999999999
    // (default 5000, then not written out). The result is the setting
    // followed by "$" and 86 characters of the digest in crypt's base 64.
    public static class ShaCrypt
    {
        public const string Prefix = "$6$";
        public const int DefaultRounds = 5000;
        public const int MinRounds = 1000;
        public const int MaxRounds = 999_999_999;
        public const int MaxSalt = 16;
        private const string RoundsPrefix = "rounds=";
        private const string Alphabet = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

        // The hash of `password` under `setting` (a setting, or a whole hash
        // whose setting is reused: that is how a password is checked); null
        // when the setting is not a "$6$" one.
        public static string? Hash(string password, string setting)
        {
            if (!Parse(setting, out string salt, out int rounds, out bool roundsGiven))
                return null;
            byte[] digest = Digest(Utf8(password), Utf8(salt), rounds);
            var text = new StringBuilder();
            text.Append(Prefix);
            if (roundsGiven)
                text.Append(RoundsPrefix).Append(rounds.ToString()).Append('$');
            text.Append(salt).Append('$');
            Encode(digest, text);
            return text.ToString();
        }

        // True when `password` hashes to `hash` (compared in constant time).
        public static bool Check(string password, string hash)
        {
            string? computed = Hash(password, hash);
            if (computed == null || computed.Length != hash.Length)
                return false;
            int difference = 0;
            for (int i = 0; i < hash.Length; i++)
                difference |= computed[i] ^ hash[i];
            return difference == 0;
        }

        // A setting with a salt made of `random` bytes (one alphabet
        // character per byte, MaxSalt of them) and the default rounds.
        public static string NewSetting(ReadOnlySpan<byte> random)
        {
            var text = new StringBuilder(Prefix);
            for (int i = 0; i < random.Length && i < MaxSalt; i++)
                text.Append(Alphabet[random[i] & 63]);
            return text.ToString();
        }

        private static bool Parse(string setting, out string salt, out int rounds, out bool roundsGiven)
        {
            salt = "";
            rounds = DefaultRounds;
            roundsGiven = false;
            if (!setting.StartsWith(Prefix))
                return false;
            int at = Prefix.Length;
            if (setting.Substring(at).StartsWith(RoundsPrefix))
            {
                int end = setting.IndexOf('$', at);
                if (end < 0)
                    return false;
                long value = 0;
                for (int i = at + RoundsPrefix.Length; i < end; i++)
                {
                    char c = setting[i];
                    if (c < '0' || c > '9')
                        return false;
                    value = value * 10 + (c - '0');
                    if (value > MaxRounds)
                        value = MaxRounds;
                }
                if (end == at + RoundsPrefix.Length)
                    return false;
                rounds = value < MinRounds ? MinRounds : (int)value;
                roundsGiven = true;
                at = end + 1;
            }
            int saltEnd = at;
            while (saltEnd < setting.Length && setting[saltEnd] != '$' && saltEnd - at < MaxSalt)
                saltEnd++;
            salt = setting.Substring(at, saltEnd - at);
            return true;
        }

        // The scheme's digest: B = H(P S P); A = H(P S, B stretched over |P|,
        // then per bit of |P| either B or P); DP = H(P repeated |P| times)
        // stretched to |P| bytes; DS = H(S repeated 16 + A[0] times) cut to
        // |S|; then `rounds` rounds, each hashing P-or-previous, S (unless
        // the round is a multiple of 3), P (unless a multiple of 7) and
        // previous-or-P.
        private static byte[] Digest(byte[] password, byte[] salt, int rounds)
        {
            var sha = new Sha512();
            sha.Add(password);
            sha.Add(salt);
            sha.Add(password);
            byte[] b = sha.Finish();

            sha.Add(password);
            sha.Add(salt);
            int length;
            for (length = password.Length; length > Sha512.DigestSize; length -= Sha512.DigestSize)
                sha.Add(b);
            sha.Add(new ReadOnlySpan<byte>(b, 0, length));
            for (length = password.Length; length > 0; length >>= 1)
            {
                if ((length & 1) != 0)
                    sha.Add(b);
                else
                    sha.Add(password);
            }
            byte[] a = sha.Finish();

            for (int i = 0; i < password.Length; i++)
                sha.Add(password);
            byte[] passwordSequence = Stretch(sha.Finish(), password.Length);
            for (int i = 0; i < 16 + a[0]; i++)
                sha.Add(salt);
            byte[] saltSequence = Stretch(sha.Finish(), salt.Length);

            byte[] current = a;
            for (int round = 0; round < rounds; round++)
            {
                bool odd = (round & 1) != 0;
                sha.Add(odd ? passwordSequence : current);
                if (round % 3 != 0)
                    sha.Add(saltSequence);
                if (round % 7 != 0)
                    sha.Add(passwordSequence);
                sha.Add(odd ? current : passwordSequence);
                current = sha.Finish();
            }
            return current;
        }

        // UTF-8, as a Linux crypt(3) sees a password typed in a UTF-8 locale
        // (unpaired surrogates are encoded as they are).
        private static byte[] Utf8(string text)
        {
            // At most three bytes per UTF-16 unit (a pair's four for two units).
            var bytes = new byte[text.Length * 3];
            int at = 0;
            for (int i = 0; i < text.Length; i++)
            {
                int c = text[i];
                if (c < 0x80)
                {
                    bytes[at++] = (byte)c;
                    continue;
                }
                if (c < 0x800)
                {
                    bytes[at++] = (byte)(0xC0 | (c >> 6));
                    bytes[at++] = (byte)(0x80 | (c & 0x3F));
                    continue;
                }
                if (Pair(text, i))
                {
                    c = 0x10000 + ((c - 0xD800) << 10) + (text[++i] - 0xDC00);
                    bytes[at++] = (byte)(0xF0 | (c >> 18));
                    bytes[at++] = (byte)(0x80 | ((c >> 12) & 0x3F));
                }
                else
                {
                    bytes[at++] = (byte)(0xE0 | (c >> 12));
                }
                bytes[at++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                bytes[at++] = (byte)(0x80 | (c & 0x3F));
            }
            return at == bytes.Length ? bytes : new ReadOnlySpan<byte>(bytes, 0, at).ToArray();
        }

        private static bool Pair(string text, int i) =>
            text[i] >= 0xD800 && text[i] < 0xDC00 && i + 1 < text.Length && text[i + 1] >= 0xDC00 && text[i + 1] < 0xE000;

        // `digest` repeated to `length` bytes.
        private static byte[] Stretch(byte[] digest, int length)
        {
            var bytes = new byte[length];
            for (int i = 0; i < length; i++)
                bytes[i] = digest[i % Sha512.DigestSize];
            return bytes;
        }

        // The digest's bytes, in the scheme's order, three at a time
        // (the first taking the low bits), as four base-64 characters each;
        // the last byte alone as two.
        private static void Encode(byte[] d, StringBuilder text)
        {
            for (int group = 0; group < 21; group++)
            {
                // Bytes (0 21 42), (22 43 1), (44 2 23), (3 24 45), ...
                int first = group * 22 % 63;
                Append(text, d[first], d[(first + 21) % 63], d[(first + 42) % 63], 4);
            }
            Append(text, 0, 0, d[63], 2);
        }

        private static void Append(StringBuilder text, byte high, byte middle, byte low, int characters)
        {
            int word = (high << 16) | (middle << 8) | low;
            for (int i = 0; i < characters; i++)
            {
                text.Append(Alphabet[word & 63]);
                word >>= 6;
            }
        }
    }
}
