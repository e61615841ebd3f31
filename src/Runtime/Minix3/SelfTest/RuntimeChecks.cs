using System;

namespace Minix3.Cosmos.Runtime
{
    public static unsafe partial class RuntimeSelfTest
    {
        private static void Arrays()
        {
            int[] squares = new int[10];
            for (int i = 0; i < squares.Length; i++)
                squares[i] = i * i;
            int sum = 0;
            foreach (int square in squares)
                sum += square;
            CheckEqual("array.index-and-foreach", sum, 285);
            int[] initialized = { 3, 1, 4, 1, 5, 9, 2, 6 };
            CheckEqual("array.initializer", initialized[5], 9);
            object[] covariant = new string[2];
            covariant[0] = "stored";
            CheckEqual("array.covariant-store", (string)covariant[0], "stored");
            var points = new Point[3];
            points[1].X = 5;
            CheckEqual("array.of-structs", points[1].X + points[0].X, 5);
            string[][] jagged = { new[] { "a" }, new[] { "b", "c" } };
            CheckEqual("array.jagged", jagged[1][1], "c");
            CheckEqual("array.empty", Array.Empty<int>().Length, 0);
        }

        private static class Lazy
        {
            public static int Runs;
            public static readonly long Value;

            static Lazy()
            {
                Runs++;
                Value = 1234;
            }
        }

        private static class Preinitialized
        {
            public static readonly string[] Names = { "alpha", "beta" };
            public static Shape Default = new Square(2);
        }

        private static void StaticConstructors()
        {
            long first = Lazy.Value;
            long second = Lazy.Value;
            CheckEqual("cctor.value", first + second, 2468);
            CheckEqual("cctor.runs-once", Lazy.Runs, 1);
            CheckEqual("static.initialized-array", Preinitialized.Names[1], "beta");
            CheckEqual("static.initialized-object", Preinitialized.Default.Area(), 4);
        }

        private delegate long Transform(long value);

        private static long Double(long value) => value * 2;

        private sealed class Adder
        {
            private readonly long _amount;
            public Adder(long amount) { _amount = amount; }
            public long Add(long value) => value + _amount;
        }

        private static void Delegates()
        {
            Transform twice = Double;
            CheckEqual("delegate.static", twice(21), 42);
            Transform addTen = new Adder(10).Add;
            CheckEqual("delegate.instance", addTen(5), 15);
            long captured = 100;
            Func<long, long> closure = x => x + captured;
            captured = 200;
            CheckEqual("delegate.closure", closure(1), 201);
            Func<int, int> lambda = static x => x * x;
            CheckEqual("delegate.static-lambda", lambda(9), 81);
            int calls = 0;
            Action action = () => calls++;
            action();
            action();
            CheckEqual("delegate.action", calls, 2);
            delegate*<long, long> pointer = &Double;
            CheckEqual("function-pointer.call", pointer(8), 16);
        }

        private static void PointersAndSpans()
        {
            byte* raw = stackalloc byte[64];
            for (int i = 0; i < 64; i++)
                raw[i] = (byte)i;
            ulong* words = (ulong*)raw;
            CheckEqual("pointer.reinterpret", (long)(words[1] & 0xFF), 8);
            var span = new Span<byte>(raw, 64);
            span.Slice(60).Fill(0xEE);
            CheckEqual("span.over-raw-memory", raw[62], 0xEE);
            Span<int> stack = stackalloc int[4];
            stack[2] = 7;
            int total = 0;
            foreach (int value in stack)
                total += value;
            CheckEqual("span.stackalloc-foreach", total, 7);
            int[] backing = { 1, 2, 3, 4, 5 };
            Span<int> middle = backing.AsSpan(1, 3);
            middle[0] = 20;
            CheckEqual("span.over-array-writes-through", backing[1], 20);
            ReadOnlySpan<char> chars = "span";
            CheckEqual("span.of-string", chars[3], 'n');
            int[] copy = middle.ToArray();
            CheckEqual("span.to-array", copy.Length * 100 + copy[0], 320);
            fixed (int* pinned = backing)
                CheckEqual("pointer.fixed-array", pinned[4], 5);
        }

        private static void Arithmetic()
        {
            long big = 0x7FFF_FFFF_FFFF;
            CheckEqual("int64.multiply", big * 3, 0x17FFF_FFFF_FFFD);
            ulong wrap = ulong.MaxValue;
            wrap++;
            CheckEqual("int64.unsigned-wrap", (long)wrap, 0);
            CheckEqual("int64.divide", -7_000_000_000_000 / 7, -1_000_000_000_000);
            CheckEqual("int64.remainder", 1_000_000_000_007 % 1_000, 7);
            CheckEqual("int64.shift", (long)(1UL << 63 >> 60), 8);
            CheckEqual("int64.arithmetic-shift", -64L >> 3, -8);
            Check("int64.unsigned-compare", 0x8000_0000_0000_0000UL > 1UL);
            uint high = 0xFFFF_FFFF;
            CheckEqual("int32.to-int64-widen", (long)high + 1, 0x1_0000_0000);
        }

        private static void Casts()
        {
            object square = new Square(1);
            Check("cast.is-class", square is Shape);
            Check("cast.is-interface", square is INamed);
            Check("cast.as-unrelated-is-null", (square as Rectangle) == null);
            Check("cast.string-as-object", ((object)"s" as string) != null);
            object[] mixed = { 1, "two", new Strip(3) };
            int strings = 0;
            foreach (object item in mixed)
            {
                if (item is string)
                    strings++;
            }
            CheckEqual("cast.type-test-loop", strings, 1);
        }
    }
}
