namespace Minix3.Cosmos.Servers.Inet.Stack
{
    // Sequence-number arithmetic modulo 2^32 (RFC 9293 3.4): a is before b
    // when the signed 32-bit difference is negative, which holds as long as
    // the two are less than 2^31 apart.
    public static class Seq
    {
        public static bool Lt(uint a, uint b) => (int)(a - b) < 0;
        public static bool Le(uint a, uint b) => (int)(a - b) <= 0;
        public static bool Gt(uint a, uint b) => (int)(a - b) > 0;
        public static bool Ge(uint a, uint b) => (int)(a - b) >= 0;
        public static int Diff(uint a, uint b) => (int)(a - b);
        public static uint Max(uint a, uint b) => Gt(a, b) ? a : b;
        public static uint Min(uint a, uint b) => Lt(a, b) ? a : b;

        // a <= x < b
        public static bool InRange(uint x, uint a, uint b) => Le(a, x) && Lt(x, b);
    }
}
