using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Pm.Table;

namespace Minix3.Cosmos.Servers.Pm.Handlers
{
    // Spawn -- from RS only (checked by label: RS is no process of PM's).
    // RS runs a component's recovery script through the system shell, and
    // only PM can make a user process that the rest of the system knows
    // (a pid, a parent, descriptors in VFS). The block is Exec's; the
    // program comes from the boot image first, because the component being
    // recovered may be the disk driver. The process is init's child with
    // init's descriptors (the console), so what the script prints shows
    // there and init collects its status.
    internal static unsafe class SpawnHandler
    {
        public const string ReincarnationLabel = "rs";

        public static int Handle(Server server, Message* request, Message* reply)
        {
            if (Kernel.LabelOf(request->Source) != ReincarnationLabel)
                return PmStatus.UnknownCaller;
            ProcessRecord? init = server.Table.Init;
            if (init == null || init.Zombie)
                return PmStatus.NoChildren;
            PmExecRequest* spawn = PmExecRequest.Of(request);
            long length = spawn->Length;
            if (length <= 0 || length > PmLimits.MaxBlock || (spawn->Flags & ~ExecFlags.Counted) != 0)
                return length > PmLimits.MaxBlock ? PmStatus.TooLong : PmStatus.BadBlock;
            byte[] block = new byte[(int)length];
            int status;
            fixed (byte* bytes = block)
                status = Grants.CopyFrom(new Endpoint(request->Source), new GrantId((int)spawn->Grant), 0, bytes, (ulong)length);
            if (status != Status.Ok)
                return status;
            bool counted = (spawn->Flags & ExecFlags.Counted) != 0;
            if (counted && (spawn->ArgumentCount < 0 || spawn->EnvironmentCount < 0 || spawn->ArgumentCount > PmLimits.MaxStrings || spawn->EnvironmentCount > PmLimits.MaxStrings))
                return Status.BadArgument;
            status = ArgumentBlock.Parse(block, PmLimits.MaxBlock, PmLimits.MaxStrings, counted ? (int)spawn->ArgumentCount : -1,
                counted ? (int)spawn->EnvironmentCount : -1, out string path, out byte[] arguments, out int argc, out int envc);
            if (status != Status.Ok)
                return status;
            byte[]? image = Programs.Load(path, bootImageFirst: true, out status);
            if (image == null)
                return status;
            if (!ElfCheck.LooksExecutable(image))
                return PmStatus.NotExecutable;
            string name = ExecHandler.Unreserved(server, ProgramName.Label(path));
            byte[]? user = server.UserPrivilege;
            byte[]? table = user == null ? null : PrivilegeTable.Rewrite(user, name, Server.Label);
            if (table == null)
                return PmStatus.Failed;
            if (server.Table.IsFull)
                return Status.WouldBlock;
            status = ProcessControl.Spawn(image, table, out int endpoint);
            if (status != Status.Ok)
                return status;
            // Registered before the new process is served: its first request
            // (its arguments) waits in PM's queue until this one is done.
            ProcessRecord? record = server.Table.Spawned(endpoint, name, arguments, argc, envc);
            if (record == null)
            {
                Kernel.Kill(endpoint);
                return PmStatus.Failed;
            }
            Vfs.Forked(init.Endpoint, endpoint);
            Diagnostics.Print(string.Concat("pm: spawned ", name, " for rs, pid ", record.Pid.ToString()));
            PmPidReply.Of(reply)->Pid = record.Pid;
            return Status.Ok;
        }
    }
}
