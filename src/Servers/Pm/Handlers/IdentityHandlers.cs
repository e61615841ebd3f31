using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Pm.Table;

namespace Minix3.Cosmos.Servers.Pm.Handlers
{
    // Users: GetIds, SetUid, SetGid, a process about itself. PM is where a
    // process's real and effective ids live and the rules are
    // Credentials'; the effective ids are also recorded in the kernel
    // (SetIds), where every server reads its senders' (GetInfo(Process))
    // without asking PM. The kernel's fork copies them as PM's does.
    internal static unsafe class IdentityHandlers
    {
        // GetIds -- nothing; replies the caller's PmIdentity.
        public static int GetIds(ProcessRecord caller, Message* reply)
        {
            caller.Ids.WriteTo(PmIdentity.Of(reply), caller.Pid);
            return Status.Ok;
        }

        // SetUid / SetGid -- reads PmSetId.Id.
        public static int SetId(ProcessRecord caller, Message* request, bool group)
        {
            int id = PmSetId.Of(request)->Id;
            Credentials ids = caller.Ids;
            int status = group ? ids.SetGid(id) : ids.SetUid(id);
            if (status != Status.Ok)
                return status;
            // The kernel first: until it shows the new ids, nothing changed.
            status = Kernel.SetIds(caller.Endpoint, ids.EffectiveUid, ids.EffectiveGid);
            if (status == Status.Ok)
                caller.Ids = ids;
            return status;
        }
    }
}
