using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.Burst
{
    // A burst of failures while the reincarnation server is busy: the
    // kernel used to queue defect reports in a queue of 8 and drop the
    // rest, leaving components dead for good. Here fifty supervised
    // instances of swarm are killed while RS is stopped (StateCtl), so that
    // no report can be taken until all fifty are pending; then RS resumes.
    // Every instance must come back under a new endpoint within a bound of
    // guest time. Exits 0 when all did, 1 (with the reason) otherwise.
    public static unsafe class Program
    {
        private const int Count = 50;
        private const long PatienceMs = 20_000;

        public static int Main()
        {
            Endpoint rs = Endpoints.Lookup("rs");
            if (rs.IsNone)
                return Fail("rs is not running");
            var endpoints = new int[Count];
            for (int i = 0; i < Count; i++)
            {
                int status = StartInstance(rs, Name(i));
                if (status != Status.Ok)
                    return Fail(string.Concat("cannot start ", Name(i), ": status ", status.ToString()));
                endpoints[i] = Endpoints.Lookup(Name(i)).Value;
            }
            Diagnostics.Print("burst: " + Count.ToString() + " instances of swarm running");

            if (StateControl(rs, StateCtlMessage.Stop) != Status.Ok)
                return Fail("cannot stop rs");
            int killed = 0;
            for (int i = 0; i < Count; i++)
            {
                Message message = default;
                KillMessage.Of(&message)->Target = endpoints[i];
                if (Ipc.KernelCall(KernelCall.Kill, &message) == Status.Ok)
                    killed++;
            }
            Diagnostics.Print("burst: killed " + killed.ToString() + " while rs was stopped");
            if (StateControl(rs, StateCtlMessage.Resume) != Status.Ok)
                return Fail("cannot resume rs");
            if (killed != Count)
                return Fail("not every kill was taken");

            long start = Process.UptimeMs();
            int back;
            while ((back = Restarted(rs, endpoints)) < Count)
            {
                if (Process.UptimeMs() - start > PatienceMs)
                    return Fail(string.Concat("only ", back.ToString(), " of ", Count.ToString(), " came back"));
                Devices.Sleep(10);
            }
            Diagnostics.Print(string.Concat("burst: all ", Count.ToString(), " restarted by rs in ", (Process.UptimeMs() - start).ToString(), " ms"));
            return 0;
        }

        private static string Name(int i) => "swarm" + (i < 9 ? "0" : "") + (i + 1).ToString();

        // `service up swarm -label swarmNN`: the instance, then its start.
        private static int StartInstance(Endpoint rs, string label)
        {
            Message message;
            if (!RsInstanceRequest.Fill(&message, "swarm", label))
                return Status.BadArgument;
            int status = Ask(rs, &message);
            if (status != Status.Ok)
                return status;
            message = default;
            message.Type = RsRequest.Up;
            RsMessage.SetLabel(&message, label);
            return Ask(rs, &message);
        }

        // How many instances RS reports running under an endpoint other
        // than the one that was killed.
        private static int Restarted(Endpoint rs, int[] killed)
        {
            int back = 0;
            for (int index = 0; ; index++)
            {
                Message message = default;
                message.Type = RsRequest.Status;
                RsRequestMessage.Of(&message)->Index = index;
                if (Ask(rs, &message) != Status.Ok)
                    return back;
                string? label = RsMessage.Label(&message);
                int instance = label != null && label.Length == 7 && label.StartsWith("swarm") ? (label[5] - '0') * 10 + (label[6] - '0') - 1 : -1;
                if (instance >= 0 && instance < Count && (RsRequestMessage.Of(&message)->State & 0xFF) == RsState.Running && RsRequestMessage.Of(&message)->Endpoint != killed[instance])
                    back++;
            }
        }

        private static int Ask(Endpoint rs, Message* message)
        {
            int status = Ipc.SendRec(rs, message);
            return status == Status.Ok ? message->Type : status;
        }

        private static int StateControl(Endpoint target, int operation)
        {
            Message message = default;
            StateCtlMessage.Of(&message)->Target = target.Value;
            StateCtlMessage.Of(&message)->Operation = operation;
            return Ipc.KernelCall(KernelCall.StateCtl, &message);
        }

        private static int Fail(string why)
        {
            Diagnostics.Print("burst: FAILED: " + why);
            return 1;
        }
    }
}
