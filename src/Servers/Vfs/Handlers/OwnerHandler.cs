using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Vfs.Core;

namespace Minix3.Cosmos.Servers.Vfs.Handlers
{
    // ChangeMode (chmod) and ChangeOwner (chown) of a path on the root file
    // system, by POSIX's rules (AccessRules); the result goes into the
    // volume's permission table. /dev is VFS's own and fixed.
    internal static unsafe class OwnerHandler
    {
        public static int ChangeMode(Server server, Message* request)
        {
            long mode = VfsChangeModeRequest.Of(request)->Mode;
            if (mode < 0 || mode > PermissionTable.ModeMask)
                return Status.BadArgument;
            int status = Target(server, request, out Caller who, out string canonical, out FileOwner owner);
            if (status != Status.Ok)
                return status;
            if (!AccessRules.MayChangeMode(who, owner))
                return Status.NotAllowed;
            server.Permissions.Change(canonical, new FileOwner(owner.Uid, owner.Gid, AccessRules.ModeAfterChange(who, owner, (int)mode)));
            return Status.Ok;
        }

        public static int ChangeOwner(Server server, Message* request)
        {
            VfsChangeOwnerRequest* asked = VfsChangeOwnerRequest.Of(request);
            if (asked->Uid < 0 || asked->Uid > PmIdentity.MaxId || asked->Gid < 0 || asked->Gid > PmIdentity.MaxId)
                return Status.BadArgument;
            int uid = (int)asked->Uid, gid = (int)asked->Gid;
            int status = Target(server, request, out Caller who, out string canonical, out FileOwner owner);
            if (status != Status.Ok)
                return status;
            if (!AccessRules.MayChangeOwner(who, owner, uid, gid))
                return Status.NotAllowed;
            server.Permissions.Change(canonical, AccessRules.AfterOwnerChange(owner, uid, gid));
            return Status.Ok;
        }

        private static int Target(Server server, Message* request, out Caller who, out string canonical, out FileOwner owner)
        {
            who = Server.Who(request);
            canonical = "";
            owner = default;
            int status = server.UserPath(request, out string path);
            if (status != Status.Ok)
                return status;
            if (path == "/" || DeviceTable.IsDirectory(path) || DeviceTable.IsInside(path))
                return Status.NotAllowed;
            status = server.Fs.Lookup(path, out long _, out bool isDirectory, out canonical);
            if (status != Status.Ok)
                return status;
            status = server.Permissions.Traverse(who, canonical);
            if (status != Status.Ok)
                return status;
            owner = server.Permissions.Of(canonical);
            return Status.Ok;
        }
    }
}
