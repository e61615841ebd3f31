namespace Minix3.Cosmos.Runtime
{
    // The corelib regression suite: every language feature the corelib
    // claims, exercised in the environment it runs in (the kernel boots it
    // with `test=corelib`; user components can run it too). Each check has a
    // stable name; a failure prints that name and what was seen, so a
    // compiler or runtime upgrade that breaks a contract is caught by name.
    public static unsafe partial class RuntimeSelfTest
    {
        private static delegate*<string, void> s_report;
        private static int s_passed;
        private static int s_failed;

        // Runs every check; returns the number that failed.
        public static int Run(delegate*<string, void> report)
        {
            s_report = report;
            s_passed = 0;
            s_failed = 0;
            ObjectsAndDispatch();
            ValueTypes();
            Generics();
            Strings();
            Formatting();
            Arrays();
            StaticConstructors();
            Delegates();
            PointersAndSpans();
            MemoryMoves();
            Arithmetic();
            Casts();
            Library();
            Exceptions();
            report(string.Concat("corelib: ", s_passed.ToString(), " passed, ", s_failed.ToString(), " failed"));
            return s_failed;
        }

        private static void Check(string name, bool ok)
        {
            if (ok)
            {
                s_passed++;
                return;
            }
            s_failed++;
            s_report(string.Concat("corelib: FAIL ", name));
        }

        private static void CheckEqual(string name, string actual, string expected)
        {
            if (actual == expected)
            {
                s_passed++;
                return;
            }
            s_failed++;
            s_report(string.Concat("corelib: FAIL ", name, ": got \"", actual, "\", expected \"", expected, "\""));
        }

        private static void CheckEqual(string name, long actual, long expected)
        {
            if (actual == expected)
            {
                s_passed++;
                return;
            }
            s_failed++;
            s_report(string.Concat("corelib: FAIL ", name, ": got ", actual.ToString(), ", expected ", expected.ToString()));
        }
    }
}
