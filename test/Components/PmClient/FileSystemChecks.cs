using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.PmClient
{
    // Exec through VFS, when the run has it: the boot test's disk holds
    // the child program as /bin/child and as /bin/fsonly (a name no boot
    // module has, so only the file system can supply it), and a text file
    // /bin/notelf.
    internal static class FileSystemChecks
    {
        public static void Run()
        {
            if (Endpoints.Lookup("vfs").IsNone)
            {
                Diagnostics.Print("pmclient: file-system checks skipped (no vfs)");
                return;
            }
            Expect("exec-a-program-only-on-disk", Client.Spawn("fsonly", "fsonly", "exit", "55"), 55);
            Expect("exec-an-absolute-path-on-disk", Client.Spawn("/bin/fsonly", "fsonly", "exit", "56"), 56);
            Expect("program-from-disk-gets-its-arguments", Client.Spawn("/bin/fsonly", "fsonly", "args", "from-disk"), 3 + 20);
            string[] none = new string[0];
            Checks.Status("exec-a-text-file", Processes.Exec("/bin/notelf", new[] { "notelf" }, none), PmStatus.NotExecutable);
            Checks.Status("exec-a-directory", Processes.Exec("/bin", new[] { "bin" }, none), PmStatus.NotExecutable);
            Checks.Status("exec-missing-file-on-disk", Processes.Exec("/nowhere/program", new[] { "program" }, none), PmStatus.NotFound);
        }

        private static void Expect(string check, int pid, int expected)
        {
            int waited = Processes.Wait(pid, out int status);
            WaitChecks.Waited(check, pid, waited, status, expected);
        }
    }
}
