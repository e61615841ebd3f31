namespace Minix3.Cosmos.Runtime
{
    public static unsafe partial class RuntimeSelfTest
    {
        private abstract class Shape
        {
            public abstract long Area();
            public virtual string Kind => "shape";
        }

        private interface INamed
        {
            string Name { get; }
        }

        private interface ICounter
        {
            int Next();
        }

        private sealed class Square : Shape, INamed
        {
            private readonly long _side;
            public Square(long side) { _side = side; }
            public override long Area() => _side * _side;
            public override string Kind => "square";
            public string Name => "sq";
        }

        private class Rectangle : Shape, INamed
        {
            protected readonly long Width, Height;
            public Rectangle(long width, long height) { Width = width; Height = height; }
            public override long Area() => Width * Height;
            public string Name => "rect";
        }

        // Inherits INamed's implementation from its base class.
        private sealed class Strip : Rectangle
        {
            public Strip(long length) : base(length, 1) { }
            public override string Kind => "strip";
        }

        private struct Counter : ICounter
        {
            private int _value;
            public int Next() => ++_value;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static string NameOf(INamed named) => named.Name;

        private interface IOperation
        {
            long Apply(long value);
        }

        private sealed class AddOperation(long amount) : IOperation
        {
            public long Apply(long value) => value + amount;
        }

        private sealed class MultiplyOperation(long factor) : IOperation
        {
            public long Apply(long value) => value * factor;
        }

        private sealed class NegateOperation : IOperation
        {
            public long Apply(long value) => -value;
        }

        private sealed class XorOperation(long mask) : IOperation
        {
            public long Apply(long value) => value ^ mask;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static long Apply(IOperation operation, long value) => operation.Apply(value);

        private static void ObjectsAndDispatch()
        {
            Shape[] shapes = { new Square(3), new Rectangle(2, 5), new Strip(7) };
            long total = 0;
            foreach (Shape shape in shapes)
                total += shape.Area();
            CheckEqual("virtual.abstract-call", total, 9 + 10 + 7);
            CheckEqual("virtual.override", shapes[2].Kind, "strip");
            CheckEqual("virtual.base-implementation", shapes[1].Kind, "shape");
            INamed named = (INamed)shapes[0];
            CheckEqual("interface.call", named.Name, "sq");
            CheckEqual("interface.inherited-implementation", ((INamed)shapes[2]).Name, "rect");
            ICounter counter = new Counter();
            counter.Next();
            CheckEqual("interface.on-boxed-struct", counter.Next(), 2);
            // Several implementations behind one call site: a real interface
            // dispatch through the runtime, not a devirtualized call.
            INamed[] all = { new Square(1), new Rectangle(1, 1), new Strip(1) };
            string names = "";
            foreach (INamed item in all)
                names = string.Concat(names, NameOf(item), ";");
            CheckEqual("interface.dispatch-many-implementations", names, "sq;rect;rect;");
            IOperation[] operations = { new AddOperation(3), new MultiplyOperation(4), new NegateOperation(), new AddOperation(-1), new XorOperation(0x55) };
            long accumulator = 1;
            foreach (IOperation operation in operations)
                accumulator = Apply(operation, accumulator);
            CheckEqual("interface.dispatch-through-cell", accumulator, ((-(1 + 3) * 4) - 1) ^ 0x55);
            object plain = new object();
            Check("object.reference-equality", plain.Equals(plain) && !plain.Equals(new object()));
        }

        private struct Point
        {
            public long X, Y;
            public Point(long x, long y) { X = x; Y = y; }
            public readonly long Dot(Point other) => X * other.X + Y * other.Y;
        }

        private static Point Mirror(Point p) => new Point(p.Y, p.X);

        private static void ValueTypes()
        {
            var p = new Point(3, 4);
            Point q = p;
            q.X = 10;
            CheckEqual("struct.copy-semantics", p.X, 3);
            CheckEqual("struct.method", p.Dot(new Point(2, 1)), 10);
            CheckEqual("struct.pass-and-return", Mirror(p).X, 4);
            object boxed = 41;
            CheckEqual("struct.box-unbox", (int)boxed + 1, 42);
            int? maybe = null;
            Check("nullable.empty", !maybe.HasValue);
            maybe = 5;
            CheckEqual("nullable.value", maybe.Value, 5);
        }

        private sealed class Box<T>
        {
            public T Value;
            public Box(T value) { Value = value; }
        }

        private struct Pair<TFirst, TSecond>
        {
            public TFirst First;
            public TSecond Second;
        }

        private static void Swap<T>(ref T a, ref T b)
        {
            T t = a;
            a = b;
            b = t;
        }

        private static T[] Repeat<T>(T value, int count)
        {
            var result = new T[count];
            for (int i = 0; i < count; i++)
                result[i] = value;
            return result;
        }

        private static void Generics()
        {
            var number = new Box<long>(7);
            var text = new Box<string>("seven");
            CheckEqual("generic.class-over-value", number.Value, 7);
            CheckEqual("generic.class-over-reference", text.Value, "seven");
            var pair = new Pair<int, string> { First = 1, Second = "one" };
            CheckEqual("generic.struct", pair.Second, "one");
            int a = 1, b = 2;
            Swap(ref a, ref b);
            string s = "x", t = "y";
            Swap(ref s, ref t);
            Check("generic.method-value", a == 2 && b == 1);
            Check("generic.method-reference", s == "y" && t == "x");
            string[] words = Repeat("ab", 3);
            long[] longs = Repeat(5L, 4);
            CheckEqual("generic.array-of-reference", string.Concat(words), "ababab");
            CheckEqual("generic.array-of-value", longs[3] * longs.Length, 20);
        }

        private static void Strings()
        {
            string hello = "hello";
            string world = "world";
            string joined = string.Concat(hello, ", ", world);
            CheckEqual("string.concat", joined, "hello, world");
            CheckEqual("string.plus-operator", hello + "!" + 42.ToString(), "hello!42");
            CheckEqual("string.length", joined.Length, 12);
            Check("string.equality-by-value", joined == string.Concat("hello, ", "world"));
            Check("string.inequality", hello != world);
            Check("string.compare-ordinal", string.CompareOrdinal("abc", "abd") < 0 && string.CompareOrdinal("b", "a") > 0);
            CheckEqual("string.substring", joined.Substring(7, 5), "world");
            CheckEqual("string.indexof", joined.IndexOf('w'), 7);
            Check("string.starts-ends", joined.StartsWith("hello") && joined.EndsWith("world"));
            CheckEqual("string.from-chars", new string('z', 3), "zzz");
            int count = 0;
            foreach (char c in hello)
            {
                if (c == 'l')
                    count++;
            }
            CheckEqual("string.foreach", count, 2);
        }

        private static void Formatting()
        {
            CheckEqual("format.int", 12345.ToString(), "12345");
            CheckEqual("format.negative", (-42).ToString(), "-42");
            CheckEqual("format.zero", 0.ToString(), "0");
            CheckEqual("format.long-min", long.MinValue.ToString(), "-9223372036854775808");
            CheckEqual("format.ulong-max", ulong.MaxValue.ToString(), "18446744073709551615");
            CheckEqual("format.hex", 255.ToString("X"), "FF");
            CheckEqual("format.hex-lower-width", 255.ToString("x4"), "00ff");
            CheckEqual("format.hex-negative-in-type-width", ((sbyte)-1).ToString("X"), "FF");
            CheckEqual("format.hex-64", 0xDEADBEEFCAFEUL.ToString("X16"), "0000DEADBEEFCAFE");
            CheckEqual("format.decimal-width", 7.ToString("D3"), "007");
            CheckEqual("format.bool", true.ToString(), "True");
        }
    }
}
