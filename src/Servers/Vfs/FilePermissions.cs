using System;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Vfs.Core;

namespace Minix3.Cosmos.Servers.Vfs
{
    // Owners and modes on the root file system (FAT has none: see
    // PermissionTable) and the checks every path call makes with them.
    // VFS checks, not FS: VFS knows who asks (the kernel's ids of the
    // sending endpoint, one GetInfo, no round trip to PM) and FS only ever
    // hears from VFS. The table lives on the volume as /etc/permissions,
    // read when first needed (FS may mount late) and written back after
    // each change through FS like any file.
    internal sealed unsafe class FilePermissions
    {
        public const string TablePath = "/etc/permissions";

        private readonly FileServer _fs;
        private PermissionTable? _table;

        public FilePermissions(FileServer fs) => _fs = fs;

        // The sender's effective ids; a sender the kernel cannot describe
        // (gone already) is nobody, who owns nothing.
        public static Caller Identify(int endpoint)
        {
            if (!Endpoints.Describe(endpoint, out ProcessInfo info))
                return new Caller(-1, -1);
            return new Caller(info.Uid, info.Gid);
        }

        public FileOwner Of(string canonical) => Table().Of(canonical);

        // Every directory above a canonical path must let the caller
        // search it.
        public int Traverse(Caller caller, string canonical)
        {
            if (caller.IsRoot)
                return Status.Ok;
            PermissionTable table = Table();
            int slash = 0;
            while (true)
            {
                string directory = slash == 0 ? "/" : canonical.Substring(0, slash);
                if (!AccessRules.Allows(caller, table.Of(directory), AccessRules.Execute, true))
                    return FileSystemStatus.AccessDenied;
                slash = canonical.IndexOf('/', slash + 1);
                if (slash < 0)
                    return Status.Ok;
            }
        }

        // Traversal plus `want` (AccessRules bits) on the path itself.
        public int Check(Caller caller, string canonical, int want, bool isDirectory)
        {
            int status = Traverse(caller, canonical);
            if (status != Status.Ok || want == 0)
                return status;
            return AccessRules.Allows(caller, Of(canonical), want, isDirectory) ? Status.Ok : FileSystemStatus.AccessDenied;
        }

        // Making or removing an entry of a directory: write and search on
        // it. `entry` (canonical, or null for a new one) is what goes: a
        // sticky directory lets only its owner, the entry's or root.
        public int CheckEntryChange(Caller caller, string directory, string? entry)
        {
            int status = Check(caller, directory, AccessRules.Write | AccessRules.Execute, true);
            if (status != Status.Ok || entry == null)
                return status;
            return AccessRules.MayRemoveFrom(caller, Of(directory), Of(entry)) ? Status.Ok : FileSystemStatus.AccessDenied;
        }

        // A file or directory the caller just made is the caller's.
        public void Created(Caller caller, string canonical)
        {
            PermissionTable table = Table();
            FileOwner inherited = table.Of(canonical);
            if (inherited.Uid == caller.Uid && inherited.Gid == caller.Gid)
                return;
            table.Set(canonical, new FileOwner(caller.Uid, caller.Gid, PermissionTable.DefaultMode));
            Save();
        }

        public void Removed(string canonical)
        {
            if (Table().Remove(canonical))
                Save();
        }

        public void Renamed(string from, string to)
        {
            Table().Rename(from, to);
            Save();
        }

        public void Change(string canonical, FileOwner owner)
        {
            Table().Set(canonical, owner);
            Save();
        }

        private PermissionTable Table()
        {
            if (_table != null)
                return _table;
            int status = _fs.Lookup(TablePath, out long size, out bool isDirectory);
            if (status == FileSystemStatus.NotFound)
                return _table = new PermissionTable();
            if (status != Status.Ok || isDirectory || size > FileSystemLimits.MaxTransfer)
            {
                // Not readable now (FS not mounted yet, the disk down):
                // the defaults for this call, and the file again next time.
                return new PermissionTable();
            }
            Message reply;
            status = _fs.TransferOwn(FileSystemRequest.Read, TablePath, (int)size, &reply);
            if (status != Status.Ok)
                return new PermissionTable();
            int length = (int)FsTransferReply.Of(&reply)->Bytes;
            var chars = new char[length];
            for (int i = 0; i < length; i++)
                chars[i] = (char)_fs.Data[i];
            _table = PermissionTable.Parse(new string(chars), out int skipped);
            if (skipped > 0)
                Diagnostics.Print(string.Concat("vfs: ", TablePath, ": ", skipped.ToString(), " malformed lines skipped"));
            return _table;
        }

        private void Save()
        {
            if (_table == null)
                return;
            string text = _table.Format();
            if (text.Length > FileSystemLimits.MaxTransfer)
            {
                Diagnostics.Print(string.Concat("vfs: ", TablePath, " would pass ", FileSystemLimits.MaxTransfer.ToString(), " bytes; not saved"));
                return;
            }
            Message reply;
            int status = _fs.Lookup(TablePath, out long _, out bool _);
            if (status == FileSystemStatus.NotFound)
                status = _fs.Call(FileSystemRequest.Create, TablePath, &reply);
            if (status == Status.Ok)
                status = _fs.Call(FileSystemRequest.Truncate, TablePath, 0, 0, &reply);
            if (status == Status.Ok)
            {
                for (int i = 0; i < text.Length; i++)
                    _fs.Data[i] = (byte)text[i];
                status = _fs.TransferOwn(FileSystemRequest.Write, TablePath, text.Length, &reply);
            }
            if (status != Status.Ok)
                Diagnostics.Print(string.Concat("vfs: cannot write ", TablePath, ": status ", status.ToString()));
        }
    }
}
