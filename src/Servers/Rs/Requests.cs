using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Rs.Table;

namespace Minix3.Cosmos.Servers.Rs
{
    // Requests to RS (RsProtocol.cs): the `service` command's, and other
    // components' complaints. Who may ask what is Authority's rule. Each answers with a status at once, except
    // an update, answered when it is over (Updates). None blocks RS: a
    // component's end arrives later as its defect report.
    internal sealed unsafe class Requests
    {
        // Handle's result when the reply goes out later.
        public const int NoReply = int.MinValue;

        private readonly List<Service> _services;
        private readonly Restarter _restarter;

        public Requests(List<Service> services, Restarter restarter)
        {
            _services = services;
            _restarter = restarter;
        }

        // The reply's Type; the reply's words are filled for Status.
        public int Handle(Message* request, Message* reply)
        {
            if (request->Type == RsRequest.Status)
                return Status(RsRequestMessage.Of(request)->Index, reply);
            if (request->Type == RsRequest.PciDevices)
                return PciDevices(PciPolicyQuery.Of(request)->Endpoint, reply);
            if (!Authority.Allows(_services, request->Source, request->Type, out string who))
            {
                ConsoleLog.Say(string.Concat("rs: refused ", RequestName(request->Type), " from ", who, ": permission denied"));
                return RsStatus.PermissionDenied;
            }
            if (request->Type == RsRequest.Instance)
                return Instance(RsInstanceRequest.Of(request));
            if (request->Type == RsRequest.Mutate)
                return Mutate(RsMutateRequest.Of(request), RsMutateRequest.Of(reply));
            if (request->Type < RsRequest.Status || request->Type > RsRequest.Complain)
                return RsStatus.UnknownRequest;
            string? label = RsMessage.Label(request);
            if (label == null)
                return RsStatus.BadLabel;
            Service? service = Supervision.Find(_services, label);
            if (service == null && request->Type == RsRequest.Up)
                service = Supervision.Adopt(_services, label);
            if (service == null)
                return RsStatus.NotFound;
            // Ending a critical component would stop the system.
            if (service.Critical && request->Type != RsRequest.Up)
                return RsStatus.NotAllowed;
            switch (request->Type)
            {
                case RsRequest.Restart: return Restart(service);
                case RsRequest.Refresh:
                    if (!service.Alive)
                        return RsStatus.NotRunning;
                    return Restarter.Kill(service, Reasons.Requested);
                case RsRequest.Down: return Down(service);
                case RsRequest.Up: return Up(service, request);
                case RsRequest.Update: return Update(service, request);
                case RsRequest.Complain: return Complain(service, request);
                default: return Inject(service, RsRequestMessage.Of(request)->Fault);
            }
        }

        // A recovering or backed-off component starts now (a recovery
        // script's `service restart`, with the failure's reason); a running
        // one is ended and started again, not counted as a failure.
        private int Restart(Service service)
        {
            if (service.Stopped)
                return RsStatus.NotRunning;
            if (service.Recovering || service.Pending)
            {
                _restarter.Restart(service);
                return service.Stopped ? Lib.Ipc.Status.BadArgument : Lib.Ipc.Status.Ok;
            }
            return Restarter.Kill(service, Reasons.Requested);
        }

        private int Down(Service service)
        {
            if (service.Stopped)
                return RsStatus.NotRunning;
            bool alive = service.Alive;
            service.Stopped = true;
            service.Pending = false;
            service.Recovering = false;
            ConsoleLog.Say(string.Concat("rs: ", service.Label, " taken down on request"));
            return alive ? Restarter.Kill(service, Reasons.Requested) : Lib.Ipc.Status.Ok;
        }

        private int Up(Service service, Message* request)
        {
            if (!service.Stopped)
                return RsStatus.AlreadyRunning;
            int status = Options(service, request);
            if (status != Lib.Ipc.Status.Ok)
                return status;
            service.Stopped = false;
            service.Reason = Reasons.Requested;
            service.Policy.Forget();
            _restarter.Restart(service);
            return service.Stopped ? Lib.Ipc.Status.BadArgument : Lib.Ipc.Status.Ok;
        }

        // `service up`'s -period, -limit/-window, -script/-noscript.
        private static int Options(Service service, Message* request)
        {
            long options = RsRequestMessage.Of(request)->Options, scriptWord = RsRequestMessage.Of(request)->Script;
            string? script = null;
            if (scriptWord != 0 && scriptWord != RsUpOptions.NoScript)
            {
                int length = RsUpOptions.ScriptLength(scriptWord);
                if (length <= 0 || length > RsUpOptions.MaxScript)
                    return Lib.Ipc.Status.BadArgument;
                var text = new byte[length];
                int copied;
                fixed (byte* bytes = text)
                    copied = Grants.CopyFrom(new Endpoint(request->Source), RsUpOptions.ScriptGrant(scriptWord), 0, bytes, (ulong)length);
                if (copied != Lib.Ipc.Status.Ok)
                    return copied;
                script = Recovery.TextOf(text);
                if (script == null)
                    return Lib.Ipc.Status.BadArgument;
            }
            if (RsUpOptions.PeriodMs(options) != 0)
                service.HeartbeatMs = RsUpOptions.PeriodMs(options);
            int limit = RsUpOptions.Limit(options);
            uint window = RsUpOptions.WindowSeconds(options);
            if (limit >= 0 || window != 0)
                service.Policy = new RestartPolicy(limit >= 0 ? (uint)limit : service.Policy.Limit, window != 0 ? window : (uint)(service.Policy.WindowMs / 1000));
            if (scriptWord == RsUpOptions.NoScript)
            {
                service.ScriptPath = null;
                service.ScriptText = null;
            }
            else if (script != null)
            {
                service.ScriptPath = "service-up";
                service.ScriptText = script;
            }
            return Lib.Ipc.Status.Ok;
        }

        private int Instance(RsInstanceRequest* request)
        {
            string? label = request->LabelText(), program = request->ProgramText();
            if (label == null || program == null)
                return RsStatus.BadLabel;
            int status = Supervision.Instance(_services, program, label, out Service? service);
            if (status == Lib.Ipc.Status.Ok)
                ConsoleLog.Say(string.Concat("rs: ", label, " is an instance of ", program));
            return status;
        }

        // Binary fault injection (swifi): the kernel swaps the bytes in the
        // running instance's code. Nothing to undo at a restart: spawn
        // copies the program afresh, so every new instance is pristine.
        // Not logged per change (a campaign makes hundreds of thousands);
        // the restart line says the instance had been mutated.
        private int Mutate(RsMutateRequest* request, RsMutateRequest* reply)
        {
            string? label = request->LabelText();
            if (label == null)
                return RsStatus.BadLabel;
            Service? service = Supervision.Find(_services, label);
            if (service == null)
                return RsStatus.NotFound;
            if (service.Critical)
                return RsStatus.NotAllowed;
            if (!service.Alive || service.Update != null)
                return RsStatus.NotRunning;
            Message call = default;
            MutateMessage* mutate = MutateMessage.Of(&call);
            mutate->Target = service.Endpoint;
            mutate->Address = request->Address;
            mutate->Length = request->Length;
            for (int i = 0; i < MutateMessage.MaxBytes; i++)
                mutate->Bytes[i] = request->Bytes[i];
            int status = Ipc.KernelCall(KernelCall.Mutate, &call);
            if (status != Lib.Ipc.Status.Ok)
                return status;
            service.MutatedInstance = service.Endpoint;
            reply->Endpoint = service.Endpoint;
            for (int i = 0; i < MutateMessage.MaxBytes; i++)
                reply->Bytes[i] = mutate->Bytes[i];
            return Lib.Ipc.Status.Ok;
        }

        private int Update(Service service, Message* request)
        {
            long length = RsRequestMessage.Of(request)->ImageLength;
            byte[]? image = null;
            if (length != 0)
            {
                if (length < 0 || length > RsLimits.MaxImage)
                    return RsStatus.BadImage;
                image = new byte[(int)length];
                int copied;
                fixed (byte* bytes = image)
                    copied = Grants.CopyFrom(new Endpoint(request->Source), new GrantId((int)RsRequestMessage.Of(request)->ImageGrant), 0, bytes, (ulong)length);
                if (copied != Lib.Ipc.Status.Ok || !LooksLikeElf(image))
                    return RsStatus.BadImage;
            }
            return _restarter.Updates.Begin(service, request->Source, image);
        }

        // Only components of the image (servers and drivers, which have a
        // table there) may accuse another: a user program could otherwise
        // take any driver down.
        private static int Complain(Service service, Message* request)
        {
            string complainer = Endpoints.LabelOf(request->Source);
            if (complainer.Length == 0 || complainer == service.Label || BootModules.IndexOf(complainer + ".priv", out _) < 0)
                return RsStatus.NotAllowed;
            if (!service.Alive)
                return RsStatus.NotRunning;
            long code = RsRequestMessage.Of(request)->Code;
            // A DMA fault is a defect class of its own, and only the IOMMU
            // manager, which reads the hardware's fault records, can see one.
            if (code == RsComplaint.DmaFault && complainer == RsComplaint.DmaFaultReporter)
            {
                ConsoleLog.Say(string.Concat("rs: iommu reports a DMA fault of ", service.Label));
                return Restarter.Kill(service, Reasons.DmaFault);
            }
            ConsoleLog.Say(string.Concat("rs: ", complainer, " complains about ", service.Label, " (code ",
                code.ToString(), ")"));
            return Restarter.Kill(service, Reasons.Complaint);
        }

        private static int Inject(Service service, long fault)
        {
            if (!service.Alive)
                return RsStatus.NotRunning;
            // Kept by RS, which spawns the instances: armed like the boot
            // fault of that name, then the running one crashes.
            if (fault == RsFault.EveryStart)
            {
                BootFaults.ArmEveryStart(service.Label);
                fault = RsFault.Crash;
            }
            ConsoleLog.Say(string.Concat("rs: injecting fault ", fault.ToString(), " into ", service.Label));
            Message notice = default;
            notice.Type = RsRequest.FaultNotice;
            RsFaultNotice.Of(&notice)->Fault = fault;
            return Ipc.SendAsync(new Endpoint(service.Endpoint), &notice);
        }

        // RsRequestMessage.State: state (bits 0..7), last reason (8..15), failures in the
        // window (16..31), last failure in ms since boot (32..63).
        private int Status(long index, Message* reply)
        {
            if (index == RsDmaStatus.Index)
            {
                // What iommu published at its start (users cannot ask DS).
                RsRequestMessage.Of(reply)->State = !DataStore.RetrieveNumber(RsDmaStatus.Key, out uint confined) ? RsDmaStatus.NoManager
                    : confined != 0 ? RsDmaStatus.Confined : RsDmaStatus.Unconfined;
                return Lib.Ipc.Status.Ok;
            }
            if (index == RsRootStatus.Index)
            {
                RsRequestMessage.Of(reply)->State = DataStore.RetrieveNumber(RsRootStatus.Key, out uint root) ? root : RsRootStatus.NotMounted;
                return Lib.Ipc.Status.Ok;
            }
            if (index < 0 || index >= _services.Count)
                return RsStatus.NotFound;
            Service service = _services[(int)index];
            RsMessage.SetLabel(reply, service.Label);
            RsRequestMessage.Of(reply)->Endpoint = service.Endpoint;
            int state = service.Update != null ? RsState.Updating : service.Stopped ? RsState.Stopped
                : service.Recovering ? RsState.Recovering : service.Pending ? RsState.Restarting : RsState.Running;
            long packed = (uint)(state | (service.LastReason << 8) | (service.Policy.Repetition << 16));
            RsRequestMessage.Of(reply)->State = packed | (long)((ulong)(uint)service.LastFailureMs << 32);
            return Lib.Ipc.Status.Ok;
        }

        // The `pci` lines of a live component's table (the one RS installed,
        // or its boot module's: Authority.TableOf), for the PCI server, which
        // hands a driver only a device its own policy names. A user program
        // (not `system`) has none.
        private int PciDevices(int endpoint, Message* reply)
        {
            if (!Endpoints.Describe(endpoint, out ProcessInfo process) || !process.IsComponent)
                return RsStatus.NotFound;
            byte[]? table = Authority.TableOf(_services, endpoint, process.LabelText());
            if (table == null)
                return RsStatus.NotFound;
            PciPolicyReply* ids = PciPolicyReply.Of(reply);
            for (int i = 0; i < PciPolicyReply.MaxIds && PrivilegeRecords.TryFind(table, PrivilegeFormat.PciDevice, i, out System.ReadOnlySpan<byte> id) && id.Length >= 4; i++)
                ids->Ids[ids->Count++] = (uint)(id[0] | id[1] << 8 | id[2] << 16 | id[3] << 24);
            return Lib.Ipc.Status.Ok;
        }

        private static string RequestName(int type) => type switch
        {
            RsRequest.Up => "up", RsRequest.Instance => "up -label", RsRequest.Down => "down", RsRequest.Restart => "restart",
            RsRequest.Refresh => "refresh", RsRequest.Update => "update", RsRequest.Inject => "fi", RsRequest.Mutate => "fi (mutate)", _ => "request " + type.ToString(),
        };

        private static bool LooksLikeElf(byte[] image) =>
            image.Length > 64 && image[0] == 0x7F && image[1] == (byte)'E' && image[2] == (byte)'L' && image[3] == (byte)'F';
    }
}
