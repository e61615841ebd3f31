using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Pm.Table;

namespace Minix3.Cosmos.Servers.Pm.Handlers
{
    // Users: GetIds, SetUid, SetGid (a process about itself) and Identity
    // (a server about a sender). PM is where a process's ids live; the
    // rules are Credentials'. VFS hears of every change (it checks modes
    // and owners without asking PM on each call); fork copies the ids in
    // VFS as it copies descriptors.
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
            caller.Ids = ids;
            Vfs.IdsChanged(caller.Endpoint, ids.EffectiveUid, ids.EffectiveGid);
            return Status.Ok;
        }

        // Identity -- reads PmIdentityRequest.Endpoint; replies its
        // PmIdentity, or NoSuchProcess when it is none of PM's (a system
        // component, which the asking server judges by its own rules).
        public static int Identity(Server server, Message* request, Message* reply)
        {
            ProcessRecord? process = server.Table.ByEndpoint(PmIdentityRequest.Of(request)->Endpoint);
            if (process == null)
                return PmStatus.NoSuchProcess;
            process.Ids.WriteTo(PmIdentity.Of(reply), process.Pid);
            return Status.Ok;
        }
    }
}
