namespace Minix3.Cosmos.Tests.Components.PmClient
{
    internal static class WaitChecks
    {
        // A Wait's outcome: the pid and the exit status expected.
        public static bool Waited(string check, int pid, int waited, int status, int expectedStatus) =>
            Checks.That(check, waited == pid && status == expectedStatus,
                string.Concat("wait returned ", waited.ToString(), " status ", status.ToString(), ", expected ", pid.ToString(),
                    " status ", expectedStatus.ToString()));
    }
}
