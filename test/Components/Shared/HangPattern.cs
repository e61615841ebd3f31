namespace Minix3.Cosmos.Tests.Components
{
    // The bytes the hang test driver yields at each position of minor 0,
    // linked as source into the driver and into hangclient, which checks
    // every byte it reads (a byte of another position, or a zero, fails).
    internal static class HangPattern
    {
        public static byte At(long position) => (byte)(position * 7 + (position >> 8) + 3);
    }
}
