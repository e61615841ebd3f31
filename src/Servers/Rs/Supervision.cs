using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Rs.Table;

namespace Minix3.Cosmos.Servers.Rs
{
    // Which components RS supervises: every boot module "X" with a table
    // "X.priv" whose signal manager is rs, and any such module `service up`
    // starts later. The table stays in RS's memory: a restart installs
    // exactly what the image was built with.
    //
    // In a full system the kernel starts RS alone, and RS starts every
    // other component of the image, in boot order, each with its own table
    // (MINIX 3's RS does the same): RS is their parent and the one that
    // installs their privileges. A test scenario whose kernel command line
    // names its cast (start=) has the kernel start them; RS then takes
    // charge of those already running.
    internal static unsafe class Supervision
    {
        // A policy without a `restart` line: restart, at most this many
        // failures in the window (then stop and report).
        public const uint DefaultLimit = 10;
        public const uint DefaultWindowSeconds = 60;

        // vm: started by the kernel, never by RS; critical, so never restarted.
        private const string MemoryManager = "vm";

        public static void TakeCharge(List<Service> services)
        {
            ProcessInfo* processes = stackalloc ProcessInfo[Endpoint.SlotCount];
            int count = Endpoints.ReadTable(processes);
            bool othersRunning = false;
            for (int i = 0; i < count; i++)
            {
                string label = processes[i].LabelText();
                if (label == "rs")
                    continue;
                // The kernel starts the memory manager before RS, always:
                // supervised, but no sign that start= chose the cast.
                othersRunning |= label != MemoryManager && BootModules.IndexOf(label + ".priv", out _) >= 0;
                if (Find(services, label) != null)
                    continue;
                Service? service = Describe(label, processes[i].Endpoint);
                if (service != null)
                    services.Add(service);
            }
            if (!othersRunning)
                StartImage(services);
        }

        // Every component of the boot image but RS, in boot order. Those
        // RS manages are supervised from here on; the others (init, whose
        // manager is PM) are only started.
        private static void StartImage(List<Service> services)
        {
            string[] names = BootModules.Names();
            for (int i = 0; i < names.Length; i++)
            {
                string label = names[i];
                if (label == "rs" || label == MemoryManager || label.EndsWith(".priv"))
                    continue;
                byte[]? table = BootModules.Read(label + ".priv");
                if (table == null)
                    continue;
                Service? service = Describe(label, Endpoint.None.Value);
                int status = ProcessControl.Spawn(service?.Image ?? BootModules.Read(label), table, out int endpoint);
                if (status != Status.Ok)
                {
                    ConsoleLog.Say(string.Concat("rs: cannot start ", label, ": status ", status.ToString()));
                    continue;
                }
                if (service == null)
                    continue;
                service.Endpoint = endpoint;
                services.Add(service);
                BootFaults.Started(service);
            }
        }

        // `service up` of a component of the image that is not running (not
        // started at boot, say): supervised from now on, stopped until Up
        // starts it.
        public static Service? Adopt(List<Service> services, string label)
        {
            if (BootModules.IndexOf(label, out _) < 0)
                return null;
            Service? service = Describe(label, Endpoint.None.Value);
            if (service == null)
                return null;
            service.Stopped = true;
            services.Add(service);
            return service;
        }

        // `service up PROGRAM -label LABEL`: another instance of a program
        // of the image, supervised under its own label with the program's
        // table relabelled, stopped until Up starts it. A label already
        // supervised, or a boot module's name, is refused: other policies
        // grant IPC by label, so an instance must not pass for a component
        // they trust.
        public static int Instance(List<Service> services, string program, string label, out Service? service)
        {
            service = Find(services, label);
            if (service != null)
                return service.Program == program && service.Stopped ? Status.Ok : RsStatus.LabelTaken;
            if (BootModules.IndexOf(label, out _) >= 0 || BootModules.IndexOf(label + ".priv", out _) >= 0)
                return RsStatus.LabelTaken;
            if (BootModules.IndexOf(program, out _) < 0)
                return RsStatus.NotFound;
            service = Describe(program, label, Endpoint.None.Value);
            if (service == null)
                return RsStatus.NotFound;
            service.Stopped = true;
            services.Add(service);
            return Status.Ok;
        }

        private static Service? Describe(string label, int endpoint) => Describe(label, label, endpoint);

        private static Service? Describe(string program, string label, int endpoint)
        {
            byte[]? table = BootModules.Read(program + ".priv");
            if (table == null || PrivilegeRecords.Text(table, PrivilegeFormat.SignalManager) != "rs")
                return null;
            if (label != program && (table = PrivilegeRecords.WithText(table, PrivilegeFormat.Label, label)) == null)
                return null;
            PrivilegeRecords.Pair(table, PrivilegeFormat.Restart, out uint limit, out uint window);
            if (!PrivilegeRecords.TryFind(table, PrivilegeFormat.Restart, out _))
            {
                limit = DefaultLimit;
                window = DefaultWindowSeconds;
            }
            PrivilegeRecords.Pair(table, PrivilegeFormat.Heartbeat, out uint period, out uint misses);
            string script = PrivilegeRecords.Text(table, PrivilegeFormat.RecoveryScript);
            return new Service(label, program, table, endpoint, new RestartPolicy(limit, window))
            {
                // Kept: a restart then starts at once, without reading
                // the boot module again (about 1 ms of a disk driver's
                // restart); a live update replaces it.
                Image = BootModules.Read(program),
                HeartbeatMs = period,
                MaxMisses = misses == 0 ? 1 : (int)misses,
                ScriptPath = script.Length > 0 ? script : null,
            };
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
    }
}
