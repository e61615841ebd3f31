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
}
