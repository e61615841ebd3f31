using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Pm.Table;

namespace Minix3.Cosmos.Servers.Pm.Handlers
{
    // List -- PmListRequest: a write Grant and its Room in bytes. Copies as
    // many PmProcessEntry as fit: the kernel's processes with PM's pids,
    // then the zombies. Replies PmListReply: entries copied, entries there
    // are.
    internal static unsafe class ListHandler
    {
        public static int Handle(Server server, Message* request, Message* reply)
        {
            long room = PmListRequest.Of(request)->Room;
            if (room < 0)
                return Status.BadArgument;
            var kernel = new KernelProcess[Endpoint.SlotCount];
            int count = Kernel.Processes(kernel);
            List<ProcessRow> rows = ProcessList.Merge(server.Table, kernel, count, server.Self);
            long fit = room / PmProcessEntry.Size;
            int copy = fit < rows.Count ? (int)fit : rows.Count;
            PmListReply.Of(reply)->Total = rows.Count;
            if (copy == 0)
                return Status.Ok;
            var entries = new PmProcessEntry[copy];
            for (int i = 0; i < copy; i++)
                Fill(ref entries[i], rows[i]);
            int status;
            fixed (PmProcessEntry* bytes = entries)
                status = Grants.CopyTo(new Endpoint(request->Source), new GrantId((int)PmListRequest.Of(request)->Grant), 0, bytes, (ulong)(copy * PmProcessEntry.Size));
            if (status == Status.Ok)
                PmListReply.Of(reply)->Copied = copy;
            return status;
        }

        // ListEntry -- PmListEntryRequest: Index; replies PmListEntryReply.
        public static int HandleEntry(Server server, Message* request, Message* reply)
        {
            var kernel = new KernelProcess[Endpoint.SlotCount];
            int count = Kernel.Processes(kernel);
            List<ProcessRow> rows = ProcessList.Merge(server.Table, kernel, count, server.Self);
            PmListEntryReply* entry = PmListEntryReply.Of(reply);
            entry->Count = rows.Count;
            long index = PmListEntryRequest.Of(request)->Index;
            if (index < 0 || index >= rows.Count)
                return Status.OutOfRange;
            ProcessRow row = rows[(int)index];
            string name = row.Name ?? "";
            int length = name.Length < PmLimits.ListNameBytes ? name.Length : PmLimits.ListNameBytes;
            ulong pages = row.MemoryBytes / 4096;
            if (pages > 0xFFFF)
                pages = 0xFFFF;
            entry->Pid = row.Pid;
            entry->Parent = row.Parent;
            entry->Endpoint = row.Endpoint;
            entry->State = (byte)row.State;
            entry->NameLength = (byte)length;
            entry->Pages = (ushort)pages;
            for (int i = 0; i < length; i++)
                entry->Name[i] = name[i] < 0x80 ? (byte)name[i] : (byte)'?';
            return Status.Ok;
        }

        private static void Fill(ref PmProcessEntry entry, ProcessRow row)
        {
            entry.Pid = row.Pid;
            entry.Parent = row.Parent;
            entry.Endpoint = row.Endpoint;
            entry.State = row.State;
            entry.MemoryBytes = row.MemoryBytes;
            string name = row.Name ?? "";
            int length = name.Length < PmProcessEntry.NameBytes ? name.Length : PmProcessEntry.NameBytes;
            entry.NameLength = length;
            fixed (byte* into = entry.Name)
            {
                for (int i = 0; i < length; i++)
                    into[i] = name[i] < 0x80 ? (byte)name[i] : (byte)'?';
            }
        }
    }
}
