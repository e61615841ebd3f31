using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.PmClient
{
    // One console line per check -- "pmclient: <check>: ok" or
    // "pmclient: <check>: FAIL <detail>" -- which the boot test reads,
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
                Diagnostics.Print(string.Concat("pmclient: ", check, ": ok"));
            }
            else
            {
                Failed++;
                Diagnostics.Print(string.Concat("pmclient: ", check, ": FAIL ", detail));
            }
            return condition;
        }

        public static bool Status(string check, int status, int expected) =>
            That(check, status == expected, string.Concat("status ", status.ToString(), ", expected ", expected.ToString()));

        // A Wait's outcome: the pid and the exit status expected.
        public static bool Waited(string check, int pid, int waited, int status, int expectedStatus) =>
            That(check, waited == pid && status == expectedStatus,
                string.Concat("wait returned ", waited.ToString(), " status ", status.ToString(), ", expected ", pid.ToString(),
                    " status ", expectedStatus.ToString()));
    }
}
