using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Rs.Table;

namespace Minix3.Cosmos.Servers.Rs
{
    // Faults armed at boot, for failures that must happen before anyone
    // could type `service fi`: a disk driver that dies on the file
    // server's first request at mount, or one that dies on every start.
    // The boot module "faults" arms them (Table/BootFaultList: "ata
    // first-request", "ata every-start"); the shipped image has none, the
    // launcher's `--module FILE` adds one. They go through RS, the one
    // component a driver takes fault notices from, as RsFault notices sent
    // the moment an instance is spawned: the kernel delivers queued
    // messages before blocked senders, so the notice is the instance's
    // first message and no request can overtake it.
    //
    // first-request: the first instance panics when its first request
    // arrives (RsFault.CrashOnRequest); its successors are sound.
    // every-start: every instance panics at once (RsFault.Crash), until
    // it is started by request (`service up`, `restart`, `refresh`:
    // reason Requested), which stands for an operator installing a
    // repaired driver: the fault is disarmed from then on.
    internal static unsafe class BootFaults
    {
        private const string Module = "faults";

        private static Dictionary<string, BootFault>? s_armed;

        // A new instance of `service` runs (spawned at boot or restarted).
        public static void Started(Service service)
        {
            s_armed ??= Load();
            if (!s_armed.TryGetValue(service.Label, out BootFault fault))
                return;
            if (service.Reason == Reasons.Requested)
            {
                s_armed.Remove(service.Label);
                ConsoleLog.Say(string.Concat("rs: ", service.Label, " started by request; boot fault ", BootFaultList.Name(fault), " disarmed"));
                return;
            }
            if (fault == BootFault.FirstRequest)
                s_armed.Remove(service.Label);
            Message notice = default;
            notice.Type = RsRequest.FaultNotice;
            RsFaultNotice.Of(&notice)->Fault = fault == BootFault.FirstRequest ? RsFault.CrashOnRequest : RsFault.Crash;
            Ipc.SendAsync(new Endpoint(service.Endpoint), &notice);
        }

        // `service fi LABEL every-start`: the same fault, armed at run time
        // on a component that started sound.
        public static void ArmEveryStart(string label)
        {
            s_armed ??= Load();
            s_armed[label] = BootFault.EveryStart;
            ConsoleLog.Say(string.Concat("rs: fault armed: ", label, " every-start"));
        }

        private static Dictionary<string, BootFault> Load()
        {
            byte[]? bytes = BootModules.Read(Module);
            if (bytes == null)
                return new Dictionary<string, BootFault>();
            string? text = Recovery.TextOf(bytes);
            if (text == null)
            {
                ConsoleLog.Say("rs: boot module faults is not text; no fault armed");
                return new Dictionary<string, BootFault>();
            }
            var problems = new List<string>();
            Dictionary<string, BootFault> faults = BootFaultList.Parse(text, problems);
            for (int i = 0; i < problems.Count; i++)
                ConsoleLog.Say(string.Concat("rs: boot module faults, ", problems[i], "; skipped"));
            foreach (var pair in faults)
                ConsoleLog.Say(string.Concat("rs: boot fault armed: ", pair.Key, " ", BootFaultList.Name(pair.Value)));
            return faults;
        }
    }
}
