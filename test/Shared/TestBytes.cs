namespace Minix3.Cosmos.Testing;

// Deterministic pseudo-random contents for disk images and files (xorshift32),
// so a failing run repeats exactly.
internal static class TestBytes
{
    public static byte[] Random(int length, uint seed)
    {
        var bytes = new byte[length];
        uint state = seed;
        for (int i = 0; i < length; i++)
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            bytes[i] = (byte)(state >> 24);
        }
        return bytes;
    }

    // FNV-1a 64 over `data` repeated `times` times: the checksum the
    // guest's readers print (diskreader and netreader over all their
    // passes or transfers, handlecheck).
    public static ulong Fnv1a64(byte[] data, int times = 1)
    {
        ulong hash = 14695981039346656037UL;
        for (int t = 0; t < times; t++)
        {
            foreach (byte b in data)
                hash = (hash ^ b) * 1099511628211UL;
        }
        return hash;
    }
}
