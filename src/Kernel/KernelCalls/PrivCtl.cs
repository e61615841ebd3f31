using System;
using Minix3.Cosmos.Kernel.Loader;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // PrivCtl — reads Word0 (target endpoint), Word1 (address of a compiled
    // privilege table in the caller), Word2 (its length). Replaces the
    // target's privileges (RS installs a restarted component's table this
    // way). The table is validated completely before anything changes; a bad
    // one leaves the target as it was.
    internal static unsafe class PrivCtl
    {
        private const int MaxTable = 4096;
        private static readonly Privilege s_scratch = new Privilege();

        internal static int Handle(Process caller, Message* message)
        {
            Process? target = KernelServices.Processes.Lookup(new Endpoint((int)message->Word0));
            if (target == null)
                return Status.DeadEndpoint;
            long length = message->Word2;
            if (length <= 0 || length > MaxTable)
                return Status.BadArgument;
            byte* table = stackalloc byte[MaxTable];
            if (!KernelServices.Host.CopyFromProcess(caller, (ulong)message->Word1, table, (int)length))
                return Status.BadAddress;
            if (!PrivilegeReader.Read(new ReadOnlySpan<byte>(table, (int)length), s_scratch, out _))
                return Status.BadArgument;
            target.Privilege.CopyFrom(s_scratch);
            ProcessLoader.ResolveTargets(target);
            KernelServices.Scheduler.ApplyPrivilege(target);
            return Status.Ok;
        }
    }
}
