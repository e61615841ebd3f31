using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components
{
    // The test clients' check lines, linked as source into each client that
    // uses it: one console line per check -- "<component>: <check>: ok" or
    // "<component>: <check>: FAIL <detail>" -- which the boot tests read,
    // and the tally for the exit status. The client names itself first.
    internal static class Checks
    {
        public static string Component { get; set; } = "client";
        public static int Passed { get; private set; }
        public static int Failed { get; private set; }

        public static bool That(string check, bool condition, string detail)
        {
            if (condition)
            {
                Passed++;
                Diagnostics.Print(string.Concat(Component, ": ", check, ": ok"));
            }
            else
            {
                Failed++;
                Diagnostics.Print(string.Concat(Component, ": ", check, ": FAIL ", detail));
            }
            return condition;
        }

        public static bool Status(string check, int status, int expected) =>
            That(check, status == expected, string.Concat("status ", status.ToString(), ", expected ", expected.ToString()));
    }
}
