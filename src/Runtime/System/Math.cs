namespace System
{
    // The integer basics. Floating-point functions are not claimed.
    public static class Math
    {
        public static int Min(int a, int b) => a < b ? a : b;
        public static long Min(long a, long b) => a < b ? a : b;
        public static uint Min(uint a, uint b) => a < b ? a : b;
        public static ulong Min(ulong a, ulong b) => a < b ? a : b;
        public static int Max(int a, int b) => a > b ? a : b;
        public static long Max(long a, long b) => a > b ? a : b;
        public static uint Max(uint a, uint b) => a > b ? a : b;
        public static ulong Max(ulong a, ulong b) => a > b ? a : b;

        public static int Abs(int value)
        {
            if (value == int.MinValue)
                throw new OverflowException();
            return value < 0 ? -value : value;
        }

        public static long Abs(long value)
        {
            if (value == long.MinValue)
                throw new OverflowException();
            return value < 0 ? -value : value;
        }

        public static int Clamp(int value, int min, int max) => value < min ? min : value > max ? max : value;
        public static long Clamp(long value, long min, long max) => value < min ? min : value > max ? max : value;

        public static int Sign(long value) => value < 0 ? -1 : value > 0 ? 1 : 0;

        public static long BigMul(int a, int b) => (long)a * b;

        // Helpers ilc calls for checked conversions from floating point
        // (`checked((int)someDouble)`): out of range or NaN overflows.
        private static int ConvertToInt32Checked(double value)
        {
            if (!(value > -2147483649.0 && value < 2147483648.0))
                throw new OverflowException();
            return (int)value;
        }

        private static uint ConvertToUInt32Checked(double value)
        {
            if (!(value > -1.0 && value < 4294967296.0))
                throw new OverflowException();
            return (uint)value;
        }

        private static long ConvertToInt64Checked(double value)
        {
            if (!(value >= -9223372036854775808.0 && value < 9223372036854775808.0))
                throw new OverflowException();
            return (long)value;
        }

        private static ulong ConvertToUInt64Checked(double value)
        {
            if (!(value > -1.0 && value < 18446744073709551616.0))
                throw new OverflowException();
            return (ulong)value;
        }
    }
}
