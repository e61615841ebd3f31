using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.DsClient
{
    // One console line per check -- "dsclient: <check>: ok" or
    // "dsclient: <check>: FAIL <detail>" -- which the boot test reads,
    // and the tally for the exit status.
    internal static class Checks
    {
        public static int Passed { get; private set; }
        public static int Failed { get; private set; }

        public static bool That(string check, bool condition, string detail)
        {
            if (condition)
            {
                Passed++;
                Diagnostics.Print(string.Concat("dsclient: ", check, ": ok"));
            }
            else
            {
                Failed++;
                Diagnostics.Print(string.Concat("dsclient: ", check, ": FAIL ", detail));
            }
            return condition;
        }

        public static bool Status(string check, int status, int expected) =>
            That(check, status == expected, string.Concat("status ", status.ToString(), ", expected ", expected.ToString()));
    }
}
