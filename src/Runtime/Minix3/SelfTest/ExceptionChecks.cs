using System;
using System.Runtime.CompilerServices;

namespace Minix3.Cosmos.Runtime
{
    // Managed exceptions: throw, catch by type, finally, filters, rethrow,
    // nesting, exceptions crossing frames and thrown from handlers, and the
    // runtime checks that raise them. Ordering is checked through a log
    // string. Helpers are not inlined so that exceptions really cross frames.
    public static unsafe partial class RuntimeSelfTest
    {
        private static string s_log = "";

        private sealed class FirstException : Exception
        {
            public readonly int Code;
            public FirstException(int code) : base("first") { Code = code; }
        }

        private sealed class SecondException : Exception
        {
            public SecondException() : base("second") { }
        }

        private sealed class Resource : IDisposable
        {
            private readonly string _name;
            public Resource(string name) { _name = name; }
            public void Dispose() => Log(string.Concat("dispose-", _name));
        }

        private static void Log(string entry) => s_log = s_log.Length == 0 ? entry : string.Concat(s_log, " ", entry);

        private static string TakeLog() { string log = s_log; s_log = ""; return log; }

        private static bool LogAndAnswer(string entry, bool answer) { Log(entry); return answer; }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void Throw(Exception exception) => throw exception;

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int Deep(int depth)
        {
            if (depth == 0)
                throw new FirstException(42);
            try { return Deep(depth - 1) + 1; }
            finally { Log(string.Concat("f", depth.ToString())); }
        }

        private static void Exceptions()
        {
            CatchByType();
            FinallyBlocks();
            Rethrow();
            Nesting();
            RuntimeChecks();
            Filters();
            ThrowFromHandlers();
            UnusualFrames();
        }

        private static void CatchByType()
        {
            string caught = "none";
            try { Throw(new FirstException(1)); }
            catch (SecondException) { caught = "second"; }
            catch (FirstException e) { caught = string.Concat("first:", e.Code.ToString()); }
            CheckEqual("exception.catch-exact-type", caught, "first:1");

            try { Throw(new ArgumentOutOfRangeException("range")); }
            catch (ArgumentException e) { caught = string.Concat(e.Kind, ":", e.Message); }
            CheckEqual("exception.catch-base-type", caught, "ArgumentOutOfRangeException:range");

            try { Throw(new InvalidOperationException("any")); }
            catch (Exception e) { caught = e.Message; }
            CheckEqual("exception.catch-exception", caught, "any");

            try { Throw(new SecondException()); }
            catch { caught = "catch-all"; }
            CheckEqual("exception.catch-all", caught, "catch-all");

            int before = 7, after = 0;
            try { after = before * 2; Throw(new FirstException(2)); after = -1; }
            catch (FirstException) { after += before; }
            CheckEqual("exception.locals-survive", after, 21);

            try { throw null!; }
            catch (NullReferenceException) { caught = "null"; }
            CheckEqual("exception.throw-null", caught, "null");

            caught = "";
            for (int i = 0; i < 100; i++)
            {
                try { Throw(new FirstException(i)); }
                catch (FirstException e) { caught = e.Code.ToString(); }
            }
            CheckEqual("exception.caught-in-a-loop", caught, "99");
        }

        private static void FinallyBlocks()
        {
            try { Log("try"); }
            finally { Log("finally"); }
            Log("after");
            CheckEqual("exception.finally-normal-exit", TakeLog(), "try finally after");

            try
            {
                try { Log("try"); Throw(new FirstException(0)); Log("unreached"); }
                finally { Log("finally"); }
            }
            catch (FirstException) { Log("catch"); }
            CheckEqual("exception.finally-during-unwind", TakeLog(), "try finally catch");

            for (int i = 0; i < 3; i++)
            {
                try { if (i == 1) continue; if (i == 2) break; Log("body"); }
                finally { Log(string.Concat("f", i.ToString())); }
            }
            CheckEqual("exception.finally-on-continue-and-break", TakeLog(), "body f0 f1 f2");

            using (new Resource("a"))
                Log("use");
            CheckEqual("exception.using-dispose", TakeLog(), "use dispose-a");

            try { using var r = new Resource("b"); Throw(new SecondException()); }
            catch (SecondException) { Log("caught"); }
            CheckEqual("exception.using-dispose-on-throw", TakeLog(), "dispose-b caught");

            int result = 0;
            try { result = Deep(5); }
            catch (FirstException e) { Log(string.Concat("catch", e.Code.ToString())); }
            CheckEqual("exception.five-frames-deep", TakeLog(), "f1 f2 f3 f4 f5 catch42");
            CheckEqual("exception.five-frames-deep-result", result, 0);
        }

        private static void Rethrow()
        {
            var original = new FirstException(3);
            object? seen = null;
            try { try { Throw(original); } catch (FirstException) { Log("inner"); throw; } }
            catch (FirstException e) { seen = e; Log("outer"); }
            Check("exception.rethrow-keeps-the-object", ReferenceEquals(seen, original));
            CheckEqual("exception.rethrow-order", TakeLog(), "inner outer");

            try
            {
                try { Throw(original); }
#pragma warning disable CA2200 // throwing the caught object again is the point
                catch (FirstException e) { throw e; }
#pragma warning restore CA2200
            }
            catch (FirstException e) { seen = e; }
            Check("exception.throw-caught-object-again", ReferenceEquals(seen, original));

            seen = null;
            try
            {
                try { Throw(original); }
                catch (FirstException)
                {
                    try { Throw(new SecondException()); }
                    catch (SecondException) { Log("handled-second"); }
                    throw;
                }
            }
            catch (Exception e) { seen = e; }
            Check("exception.rethrow-after-nested-handler", ReferenceEquals(seen, original));
            CheckEqual("exception.rethrow-after-nested-handler-log", TakeLog(), "handled-second");
        }

        private static void Nesting()
        {
            try
            {
                try
                {
                    try { Throw(new FirstException(4)); }
                    catch (SecondException) { Log("wrong"); }
                    finally { Log("f1"); }
                }
                finally { Log("f2"); }
            }
            catch (FirstException) { Log("catch"); }
            finally { Log("f3"); }
            CheckEqual("exception.nested-try-blocks", TakeLog(), "f1 f2 catch f3");

            try
            {
                try { Throw(new FirstException(5)); }
                catch (FirstException)
                {
                    try { Throw(new SecondException()); }
                    catch (SecondException) { Log("inner-catch"); }
                    Log("outer-catch");
                }
            }
            catch { Log("wrong"); }
            CheckEqual("exception.try-inside-catch", TakeLog(), "inner-catch outer-catch");

            try
            {
                try { Throw(new FirstException(6)); }
                finally
                {
                    try { Throw(new SecondException()); }
                    catch (SecondException) { Log("caught-in-finally"); }
                }
            }
            catch (FirstException) { Log("first-still-propagates"); }
            CheckEqual("exception.try-inside-finally", TakeLog(), "caught-in-finally first-still-propagates");
        }

        // Each check in a method of its own, so that the helper's throw crosses a frame.
        [MethodImpl(MethodImplOptions.NoInlining)] private static int Element(int[] array, int index) => array[index];
        [MethodImpl(MethodImplOptions.NoInlining)] private static int Add(int a, int b) => checked(a + b);
        [MethodImpl(MethodImplOptions.NoInlining)] private static byte Narrow(int value) => checked((byte)value);
        [MethodImpl(MethodImplOptions.NoInlining)] private static string AsString(object value) => (string)value;
        [MethodImpl(MethodImplOptions.NoInlining)] private static int Unbox(object value) => (int)value;
        [MethodImpl(MethodImplOptions.NoInlining)] private static void Store(object[] array, object value) => array[0] = value;

        private static void RuntimeChecks()
        {
            string kind = "none";
            try { Element(new int[3], 3); }
            catch (IndexOutOfRangeException e) { kind = e.Kind; }
            CheckEqual("exception.index-out-of-range", kind, "IndexOutOfRangeException");

            try { AsString(5); }
            catch (InvalidCastException e) { kind = e.Kind; }
            CheckEqual("exception.invalid-cast", kind, "InvalidCastException");

            try { Unbox("five"); }
            catch (InvalidCastException) { kind = "unbox"; }
            CheckEqual("exception.invalid-unbox", kind, "unbox");

            try { Add(int.MaxValue, 1); }
            catch (OverflowException e) { kind = e.Kind; }
            CheckEqual("exception.checked-add-overflow", kind, "OverflowException");

            try { Narrow(300); }
            catch (OverflowException) { kind = "narrow"; }
            CheckEqual("exception.checked-conversion-overflow", kind, "narrow");

            try { Store(new string[1], 1); }
            catch (ArrayTypeMismatchException e) { kind = e.Kind; }
            CheckEqual("exception.array-type-mismatch", kind, "ArrayTypeMismatchException");
        }

        private static void Filters()
        {
            string caught = "none";
            try { Throw(new FirstException(7)); }
            catch (FirstException e) when (e.Code == 8) { caught = "wrong"; }
            catch (FirstException e) when (e.Code == 7) { caught = "seven"; }
            CheckEqual("exception.filter-selects-clause", caught, "seven");

            try
            {
                try { Throw(new FirstException(9)); }
                catch (FirstException) when (LogAndAnswer("filter-no", false)) { Log("wrong"); }
            }
            catch (FirstException) { Log("outer"); }
            CheckEqual("exception.filter-false-passes-on", TakeLog(), "filter-no outer");

            // Two passes: the filter runs before the finally of the frame being left.
            try
            {
                try { Log("try"); Throw(new SecondException()); }
                finally { Log("finally"); }
            }
            catch (SecondException) when (LogAndAnswer("filter", true)) { Log("catch"); }
            CheckEqual("exception.filter-runs-in-first-pass", TakeLog(), "try filter finally catch");

            try { Throw(new FirstException(10)); }
            catch (FirstException) when (ThrowingFilter()) { caught = "wrong"; }
            catch (FirstException e) { caught = string.Concat("after-throwing-filter:", e.Code.ToString()); }
            CheckEqual("exception.filter-that-throws-means-no", caught, "after-throwing-filter:10");
            CheckEqual("exception.filter-that-throws-runs-its-finally", TakeLog(), "filter-finally");
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static bool ThrowingFilter()
        {
            try { Throw(new SecondException()); }
            finally { Log("filter-finally"); }
            return true;
        }

        private static void ThrowFromHandlers()
        {
            string caught = "none";
            try
            {
                try { Throw(new FirstException(11)); }
                finally { Log("finally"); Throw(new SecondException()); }
            }
            catch (FirstException) { caught = "first"; }
            catch (SecondException) { caught = "second"; }
            CheckEqual("exception.throw-in-finally-replaces", caught, "second");
            CheckEqual("exception.throw-in-finally-log", TakeLog(), "finally");

            try
            {
                try { Throw(new FirstException(12)); }
                catch (FirstException) { Throw(new SecondException()); }
                catch (SecondException) { caught = "sibling"; }
            }
            catch (SecondException) { caught = "outer"; }
            CheckEqual("exception.throw-in-catch-skips-siblings", caught, "outer");

            try
            {
                try
                {
                    try { Throw(new FirstException(13)); }
                    catch (FirstException) { Log("catch"); Throw(new SecondException()); }
                    finally { Log("inner-finally"); }
                }
                finally { Log("outer-finally"); }
            }
            catch (SecondException) { Log("handled"); }
            CheckEqual("exception.throw-in-catch-runs-finallys", TakeLog(), "catch inner-finally outer-finally handled");
        }

        private interface IThrower { int Run(int value); }

        private class BaseThrower : IThrower
        {
            public virtual int Run(int value) => value;
        }

        private sealed class DerivedThrower : BaseThrower
        {
            public override int Run(int value) => value > 0 ? throw new FirstException(value) : 0;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int WithStackalloc(int size)
        {
            byte* buffer = stackalloc byte[size];   // a variable size: rbp-based frame
            buffer[size - 1] = 1;
            try { return Deep(buffer[size - 1]); }
            finally { Log("stackalloc-finally"); }
        }

        private static void UnusualFrames()
        {
            string caught = "none";
            IThrower thrower = new DerivedThrower();
            try { thrower.Run(14); }
            catch (FirstException e) { caught = e.Code.ToString(); }
            CheckEqual("exception.through-interface-call", caught, "14");

            BaseThrower virtualThrower = new DerivedThrower();
            try { virtualThrower.Run(15); }
            catch (FirstException e) { caught = e.Code.ToString(); }
            CheckEqual("exception.through-virtual-call", caught, "15");

            Func<int, int> lambda = x => thrower.Run(x + 1);
            try { lambda(15); }
            catch (FirstException e) { caught = e.Code.ToString(); }
            CheckEqual("exception.through-delegate", caught, "16");

            try { WithStackalloc(40); }
            catch (FirstException) { Log("caught"); }
            CheckEqual("exception.through-stackalloc-frame", TakeLog(), "f1 stackalloc-finally caught");

            long a = Add(1, 0), b = Add(2, 0), c = Add(3, 0), d = Add(4, 0), e1 = Add(5, 0), f = Add(6, 0), g = Add(7, 0);
            try { Throw(new SecondException()); }
            catch (SecondException) { a += 10; }
            CheckEqual("exception.many-locals-survive", a * 1000000 + b * 100000 + c * 10000 + d * 1000 + e1 * 100 + f * 10 + g, 11234567);

            try
            {
                try { Log("try"); }
                finally { Log("finally"); Throw(new FirstException(16)); }
            }
            catch (FirstException) { Log("caught"); }
            CheckEqual("exception.throw-in-finally-on-normal-exit", TakeLog(), "try finally caught");

            try { Log("try"); }
            finally
            {
                try { Throw(new SecondException()); }
                catch (SecondException) { Log("caught-in-finally"); }
            }
            CheckEqual("exception.catch-inside-finally-on-normal-exit", TakeLog(), "try caught-in-finally");
        }
    }
}
