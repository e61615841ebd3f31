using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Pm.Table;

namespace Minix3.Cosmos.Servers.Pm.Handlers
{
    // The small requests: GetPid, Ignore, Shutdown.
    internal static unsafe class ProcessHandlers
    {
        // GetPid -- replies Word0 the caller's pid, Word1 its parent's.
        public static int GetPid(ProcessRecord caller, Message* reply)
        {
            reply->Word0 = caller.Pid;
            reply->Word1 = caller.Parent;
            return Status.Ok;
        }

        // Ignore -- reads Word0 (signal) and Word1 (1 ignore, 0 default).
        public static int Ignore(ProcessRecord caller, Message* request)
        {
            long signal = request->Word0;
            long ignore = request->Word1;
            if (signal <= 0 || signal > PmLimits.MaxSignal || (ignore != 0 && ignore != 1))
                return Status.BadArgument;
            return ProcessTable.Ignore(caller, (int)signal, ignore == 1);
        }

        // Shutdown -- reads Word0 (1 reboot, 0 power off). VFS writes every
        // cached change first (skipped without VFS); then the kernel stops
        // the machine, so success has no reply.
        public static int Shutdown(ProcessRecord caller, Message* request)
        {
            long reboot = request->Word0;
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
