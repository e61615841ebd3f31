using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Pm.Table;

namespace Minix3.Cosmos.Servers.Pm.Handlers
{
    // The small requests: GetPid, Ignore, Shutdown.
    internal static unsafe class ProcessHandlers
    {
        // GetPid -- replies PmGetPidReply: the caller's pid and its parent's.
        public static int GetPid(ProcessRecord caller, Message* reply)
        {
            PmGetPidReply.Of(reply)->Pid = caller.Pid;
            PmGetPidReply.Of(reply)->Parent = caller.Parent;
            return Status.Ok;
        }

        // Ignore -- PmIgnoreRequest: Signal, Ignore (1 ignore, 0 default).
        public static int Ignore(ProcessRecord caller, Message* request)
        {
            long signal = PmIgnoreRequest.Of(request)->Signal;
            long ignore = PmIgnoreRequest.Of(request)->Ignore;
            if (signal <= 0 || signal > PmLimits.MaxSignal || (ignore != 0 && ignore != 1))
                return Status.BadArgument;
            return ProcessTable.Ignore(caller, (int)signal, ignore == 1);
        }

        // Shutdown -- PmShutdownRequest: Reboot (1 reboot, 0 power off). VFS writes every
        // cached change first (skipped without VFS); then the kernel stops
        // the machine, so success has no reply.
        public static int Shutdown(ProcessRecord caller, Message* request)
        {
            long reboot = PmShutdownRequest.Of(request)->Reboot;
            if (reboot != 0 && reboot != 1)
                return Status.BadArgument;
            Diagnostics.Print(string.Concat("pm: ", reboot == 1 ? "reboot" : "power off", " asked by pid ", caller.Pid.ToString(),
                " (", caller.Name, "); syncing"));
            int synced = Vfs.Sync();
            Diagnostics.Print(string.Concat("pm: sync status ", synced.ToString()));
            int status = Kernel.StateCtl(0, reboot == 1 ? Kernel.Reboot : Kernel.PowerOff, 0);
            return status == Status.Ok ? Server.NoReply : status;
        }
    }
}
