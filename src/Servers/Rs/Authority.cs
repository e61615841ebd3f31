using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Rs
{
    // Who may ask RS to change a component (MINIX's RS serves root only).
    // A request that needs a verb (RsRequest.Verb: up, down, restart,
    // refresh, update, fi) is served
    //   - to a component (its table says `system`: a server or driver)
    //     only if its policy grants the verb (`service restart update`):
    //     components run as uid 0, and least authority must not hand them
    //     every verb for it;
    //   - to any other process (a user program, a test client) only if its
    //     effective uid is 0 (root).
    // The caller is named by the kernel (its endpoint cannot be forged)
    // and its uid is the kernel's record, which only PM sets: one kernel
    // call, no round trip to PM. Status needs nothing.
    internal static unsafe class Authority
    {
        public static bool Allows(List<Service> services, int source, int request, out string who)
        {
            who = "endpoint " + source.ToString();
            uint verb = RsRequest.Verb(request);
            if (verb == 0)
                return true;
            if (!Endpoints.Describe(source, out ProcessInfo caller))
                return false;
            string label = caller.LabelText();
            if (caller.IsComponent)
            {
                who = label;
                byte[]? table = TableOf(services, source, label);
                return table != null && (Verbs(table) & verb) != 0;
            }
            who = string.Concat(label, " (uid ", caller.Uid.ToString(), ")");
            return caller.Uid == 0;
        }

        // A component's table: the one RS installed, or its boot module's.
        public static byte[]? TableOf(List<Service> services, int endpoint, string label)
        {
            for (int i = 0; i < services.Count; i++)
            {
                if (services[i].Endpoint == endpoint)
                    return services[i].Table;
            }
            return label.Length == 0 ? null : BootModules.Read(label + ".priv");
        }

        private static uint Verbs(byte[] table)
        {
            if (!PrivilegeRecords.TryFind(table, PrivilegeFormat.ServiceVerbs, out System.ReadOnlySpan<byte> payload) || payload.Length != 4)
                return 0;
            return (uint)(payload[0] | (payload[1] << 8) | (payload[2] << 16) | (payload[3] << 24));
        }
    }
}
