using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Rs.Table;

namespace Minix3.Cosmos.Servers.Rs
{
    // Which components RS supervises: every boot module "X" with a table
    // "X.priv" whose signal manager is rs, running now. The table stays in
    // RS's memory: a restart installs exactly what the image was built with.
    internal static unsafe class Supervision
    {
        public static void TakeCharge(List<Service> services)
        {
            var processes = new ProcessInfo[Endpoint.SlotCount];
            int count;
            fixed (ProcessInfo* table = processes)
            {
                Message message = default;
                message.Word0 = GetInfoMessage.Processes;
                message.Word1 = (long)table;
                message.Word2 = sizeof(ProcessInfo) * Endpoint.SlotCount;
                if (Ipc.KernelCall(KernelCall.GetInfo, &message) != Status.Ok)
                    return;
                count = (int)(message.Word3 / sizeof(ProcessInfo));
            }
            for (int i = 0; i < count; i++)
            {
                string label = LabelOf(ref processes[i]);
                if (label == "rs" || Find(services, label) != null)
                    continue;
                byte[]? table = BootModules.Read(label + ".priv");
                if (table == null || PrivilegeRecords.Text(table, PrivilegeFormat.SignalManager) != "rs")
                    continue;
                PrivilegeRecords.Pair(table, PrivilegeFormat.Restart, out uint limit, out uint window);
                PrivilegeRecords.Pair(table, PrivilegeFormat.Heartbeat, out uint period, out uint misses);
                services.Add(new Service(label, table, processes[i].Endpoint, new RestartPolicy(limit, window))
                {
                    HeartbeatMs = period,
                    MaxMisses = misses == 0 ? 1 : (int)misses,
                });
            }
        }

        public static Service? Find(List<Service> services, string label)
        {
            for (int i = 0; i < services.Count; i++)
            {
                if (services[i].Label == label)
                    return services[i];
            }
            return null;
        }

        private static string LabelOf(ref ProcessInfo info)
        {
            var chars = new char[info.LabelLength];
            fixed (byte* label = info.Label)
            {
                for (int i = 0; i < chars.Length; i++)
                    chars[i] = (char)label[i];
            }
            return new string(chars);
        }
    }
}
