using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // SafeCopyFrom / SafeCopyTo — reads Word0 (granter endpoint), Word1
    // (grant id), Word2 (offset in the grant), Word3 (local address in the
    // caller), Word4 (length). Copies between the granter's granted range and
    // the caller's memory after checking, against the granter's live table:
    // the entry exists and is valid, its sequence matches the id (a revoked
    // or reused entry fails), the caller is the grantee, the grant has the
    // right (Read for From, Write for To) and the range stays inside it.
    internal static unsafe class SafeCopy
    {
        internal static int Handle(Process caller, Message* message, bool toGranter)
        {
            Process? granter = KernelServices.Processes.Lookup(new Endpoint((int)message->Word0));
            if (granter == null)
                return Status.DeadEndpoint;
            var id = new GrantId((int)message->Word1);
            ulong offset = (ulong)message->Word2;
            ulong local = (ulong)message->Word3;
            ulong length = (ulong)message->Word4;
            if (length > KernelCallLimits.MaxCopy)
                return Status.BadArgument;
            GrantEntry entry;
            if (message->Word1 < 0 || !SetGrant.TryRead(granter, id, &entry))
                return Refused(caller, Status.BadGrant, message->Word1);
            if ((entry.Flags & GrantFlags.Valid) == 0 || entry.Sequence != id.Sequence || entry.Grantee != caller.Endpoint.Value)
                return Refused(caller, Status.BadGrant, message->Word1);
            if ((entry.Flags & (toGranter ? GrantFlags.Write : GrantFlags.Read)) == 0)
                return Refused(caller, Status.GrantRights, message->Word1);
            if (offset > entry.Length || length > entry.Length - offset)
                return Refused(caller, Status.OutOfRange, message->Word1);
            ulong remote = entry.Address + offset;
            // Both ranges are checked whole before a byte moves, so a
            // failure leaves nothing half copied.
            bool copied = toGranter
                ? KernelServices.Host.CopyBetween(caller, local, granter, remote, length)
                : KernelServices.Host.CopyBetween(granter, remote, caller, local, length);
            if (!copied)
                return Status.BadAddress;
            return Status.Ok;
        }

        private static int Refused(Process caller, int status, long grant)
        {
            Denied.Log(caller, "grant", (ulong)grant);
            return status;
        }
    }
}
