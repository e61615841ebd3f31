using System;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Tests.Components.PmClient
{
    // The process list: boot components with pid 0, init, a sleeping child,
    // a zombie; the grant form and its room.
    internal static unsafe class ListChecks
    {
        public static void Run()
        {
            int sleeper = Client.Spawn("child", "child", "sleep", "5000", "0");
            int zombie = Client.Spawn("child", "child", "exit", "7");
            // Asleep: waiting for its alarm (not starting up, which is "ready").
            bool asleep = Client.Await(sleeper, "child", "receiving");
            Client.AwaitZombie(zombie);
            Span<ProcessEntry> entries = new ProcessEntry[64];
            int count = Processes.ListProcesses(entries);
            Checks.That("list-returns-entries", count >= 4, string.Concat("count ", count.ToString()));
            int pm = Find(entries, count, "pm", 0);
            Checks.That("list-shows-pm-as-boot-component", pm >= 0 && entries[pm].Pid == 0 && entries[pm].MemoryBytes > 0, "pm missing or has a pid");
            int init = FindPid(entries, count, 1);
            Checks.That("list-shows-init-waiting-for-pm", init >= 0 && entries[init].Name == "pmclient" && entries[init].State == "receiving",
                init < 0 ? "no pid 1" : string.Concat(entries[init].Name, " ", entries[init].State));
            int s = FindPid(entries, count, sleeper);
            Checks.That("list-shows-sleeping-child", asleep && s >= 0 && entries[s].Name == "child" && entries[s].Parent == 1 && entries[s].State == "receiving",
                s < 0 ? "sleeper missing" : string.Concat(entries[s].Name, " parent ", entries[s].Parent.ToString(), " ", entries[s].State));
            int z = FindPid(entries, count, zombie);
            Checks.That("list-shows-zombie", z >= 0 && entries[z].State == "zombie", z < 0 ? "zombie missing" : entries[z].State);
            Span<ProcessEntry> two = new ProcessEntry[2];
            Checks.Status("list-fills-no-more-than-room", Processes.ListProcesses(two), 2);
            ThroughGrant(count);
            Processes.Wait(zombie, out _);
            Processes.Kill(sleeper, Signal.Kill);
            Processes.Wait(sleeper, out _);
        }

        private static void ThroughGrant(int expected)
        {
            var raw = new PmProcessEntry[3];
            Message message = default;
            message.Type = PmRequest.List;
            PmListRequest.Of(&message)->Room = 3 * PmProcessEntry.Size - 1;   // room for two and a bit
            int status;
            fixed (PmProcessEntry* table = raw)
            {
                PmListRequest.Of(&message)->Grant = Client.Grant(table, 3 * PmProcessEntry.Size, GrantFlags.Write).Value;
                status = Client.Call(&message);
            }
            Checks.That("list-through-a-grant", status == Status.Ok && PmListReply.Of(&message)->Copied == 2 && PmListReply.Of(&message)->Total >= expected && raw[0].NameLength > 0
                && raw[2].NameLength == 0,
                string.Concat("status ", status.ToString(), " copied ", PmListReply.Of(&message)->Copied.ToString(), " of ", PmListReply.Of(&message)->Total.ToString()));
            message = default;
            message.Type = PmRequest.ListEntry;
            PmListEntryRequest.Of(&message)->Index = 1000;
            Checks.Status("list-entry-past-the-end", Client.Call(&message), Status.OutOfRange);
        }

        private static int Find(Span<ProcessEntry> entries, int count, string name, int pid)
        {
            for (int i = 0; i < count; i++)
            {
                if (entries[i].Name == name && entries[i].Pid == pid)
                    return i;
            }
            return -1;
        }

        private static int FindPid(Span<ProcessEntry> entries, int count, int pid)
        {
            for (int i = 0; i < count; i++)
            {
                if (entries[i].Pid == pid)
                    return i;
            }
            return -1;
        }
    }
}
