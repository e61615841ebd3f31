using System;

namespace Minix3.Cosmos.Lib.Posix
{
    // POSIX-like process calls, each one SendRec to PM (PmProtocol.cs),
    // except Exit (the Exit kernel call: PM, the signal manager of every
    // user process, learns of it from the kernel's defect report) and
    // Sleep (an alarm). STUB: the PM work replaces every body; the
    // signatures are the contract commands are written against.
    public static class Processes
    {
        private const int NotImplemented = -6;

        public static int Fork() => NotImplemented;                          // 0 in the child, its pid in the parent
        // Replaces this program; returns only on failure. path: "/bin/ls",
        // or a bare name looked up in /bin and then among the boot modules.
        public static int Exec(string path, string[] arguments, string[] environment) => NotImplemented;
        public static string[] Arguments() => Array.Empty<string>();          // argv; [0] is the program name
        public static string[] Environment() => Array.Empty<string>();       // "NAME=value"
        // pid -1: any child. Returns the child's pid (0 with noHang and
        // none ended yet); exitStatus is its exit code, or 128 + signal
        // when a signal (or a fault) ended it.
        public static int Wait(int pid, out int exitStatus, bool noHang = false) { exitStatus = 0; return NotImplemented; }
        public static int Kill(int pid, int signal) => NotImplemented;
        public static int GetPid() => NotImplemented;
        public static int GetParentPid() => NotImplemented;
        public static void Exit(int status) { }
        public static int Sleep(long milliseconds) => NotImplemented;
        // Every process PM knows (servers and drivers too), up to entries.Length.
        public static int ListProcesses(Span<ProcessEntry> entries) => NotImplemented;
        // Syncs the file systems, then powers off (or reboots).
        public static int Shutdown(bool reboot) => NotImplemented;
        public static int IgnoreSignal(int signal, bool ignore) => NotImplemented;
    }

    public static class Signal
    {
        public const int Hangup = 1, Interrupt = 2, Quit = 3, Kill = 9, Segv = 11, Pipe = 13, Alarm = 14, Terminate = 15, Child = 17;
    }

    public struct ProcessEntry
    {
        public int Pid;          // 0 for boot components PM did not create
        public int Parent;
        public int Endpoint;
        public string State;     // "running", "ready", "receiving", "sending", "stopped", "zombie"
        public long MemoryBytes;
        public string Name;
    }
}
