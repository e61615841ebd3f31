using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Pm.Table;

namespace Minix3.Cosmos.Servers.Pm.Handlers
{
    // Exec -- PmExecRequest: read Grant of the argument block, its Length,
    // Flags (ExecFlags: staged instead of granted; counted, with
    // ArgumentCount and EnvironmentCount). Everything that can be checked is checked before the caller
    // changes: the block, the program (found, an x86-64 ELF executable, not
    // too large). Then the user privileges go in under the program's name
    // (PrivCtl; Exec checks the image against their memory quota) and the
    // kernel replaces the image. Success has no reply: the caller's SendRec
    // is gone with its old image.
    internal static unsafe class ExecHandler
    {
        public static int Handle(Server server, ProcessRecord caller, Message* request)
        {
            byte[]? block = Block(caller, request, out int status);
            if (block == null)
                return status;
            PmExecRequest* exec = PmExecRequest.Of(request);
            bool counted = (exec->Flags & ExecFlags.Counted) != 0;
            long countedArgs = counted ? exec->ArgumentCount : -1, countedEnv = counted ? exec->EnvironmentCount : -1;
            if (counted && (countedArgs < 0 || countedEnv < 0 || countedArgs > PmLimits.MaxStrings || countedEnv > PmLimits.MaxStrings))
                return Status.BadArgument;
            status = ArgumentBlock.Parse(block, PmLimits.MaxBlock, PmLimits.MaxStrings, (int)countedArgs, (int)countedEnv,
                out string path, out byte[] arguments, out int argc, out int envc);
            if (status != Status.Ok)
                return status;
            byte[]? image = Programs.Load(path, caller.BootImageFirst, out status, out FileStatus file);
            if (image == null)
                return status;
            // PM read the file as itself: whether the caller may run it is
            // judged here, by the caller's ids and the file's mode.
            if (!caller.Ids.MayExecute(file.Mode, file.Uid, file.Gid))
                return FileSystemStatus.AccessDenied;
            if (!ElfCheck.LooksExecutable(image))
                return PmStatus.NotExecutable;
            Credentials ids = caller.Ids;
            ids.Exec(file.Mode, file.Uid, file.Gid);
            if ((ids.EffectiveUid != caller.Ids.EffectiveUid || ids.EffectiveGid != caller.Ids.EffectiveGid)
                && (status = Kernel.SetIds(caller.Endpoint, ids.EffectiveUid, ids.EffectiveGid)) != Status.Ok)
                return status;
            string name = Unreserved(server, ProgramName.Label(path));
            if ((status = InstallPrivileges(server, caller, name)) != Status.Ok)
                return status;
            status = Kernel.Exec(caller.Endpoint, image);
            if (status != Status.Ok)
            {
                Kernel.SetIds(caller.Endpoint, caller.Ids.EffectiveUid, caller.Ids.EffectiveGid);
                return status;
            }
            caller.Ids = ids;
            ProcessTable.Exec(caller, name, arguments, argc, envc);
            return Server.NoReply;
        }

        // Labels are how components find and trust each other (VFS takes
        // PM's notices only from "pm"), so a program never gets the label of
        // a component of the image (one with a privilege table) or of a live
        // process PM does not manage: it runs as "u-<name>" instead.
        internal static string Unreserved(Server server, string name)
        {
            bool taken = BootModules.Exists(string.Concat(name, ".priv"));
            if (!taken)
            {
                var live = new KernelProcess[Endpoint.SlotCount];
                int count = Kernel.Processes(live);
                for (int i = 0; i < count && !taken; i++)
                    taken = live[i].Label == name && server.Table.ByEndpoint(live[i].Endpoint) == null;
            }
            return taken ? ProgramName.Reserved(name) : name;
        }

        // ExecData -- PmExecDataRequest: Offset, Total (whole length), Data.
        public static int Stage(ProcessRecord caller, Message* request)
        {
            PmExecDataRequest* data = PmExecDataRequest.Of(request);
            var piece = new System.ReadOnlySpan<byte>(data->Data, PmLimits.ExecDataBytes);
            return ExecStaging.Add(caller, data->Offset, data->Total, piece, PmLimits.MaxBlock);
        }

        // The block, from the caller's grant or from its staged pieces.
        private static byte[]? Block(ProcessRecord caller, Message* request, out int status)
        {
            PmExecRequest* exec = PmExecRequest.Of(request);
            long length = exec->Length;
            long flags = exec->Flags;
            status = length <= 0 ? PmStatus.BadBlock : length > PmLimits.MaxBlock ? PmStatus.TooLong : Status.Ok;
            if ((flags & ~ExecFlags.Known) != 0)
                status = Status.BadArgument;
            if (status != Status.Ok)
            {
                ExecStaging.Clear(caller);
                return null;
            }
            if ((flags & ExecFlags.Staged) != 0)
            {
                byte[]? staged = ExecStaging.Take(caller, length);
                status = staged == null ? PmStatus.BadBlock : Status.Ok;
                return staged;
            }
            byte[] block = new byte[(int)length];
            fixed (byte* bytes = block)
                status = Grants.CopyFrom(new Endpoint(caller.Endpoint), new GrantId((int)exec->Grant), 0, bytes, (ulong)length);
            return status == Status.Ok ? block : null;
        }

        private static int InstallPrivileges(Server server, ProcessRecord caller, string name)
        {
            byte[]? user = server.UserPrivilege;
            if (user == null)
                return Status.Ok;
            byte[]? table = PrivilegeTable.Rewrite(user, name, Server.Label);
            if (table == null)
            {
                Diagnostics.Print(string.Concat("pm: ", Server.UserPrivilegeModule, " is malformed"));
                return PmStatus.Failed;
            }
            return Kernel.PrivCtl(caller.Endpoint, table);
        }
    }
}
