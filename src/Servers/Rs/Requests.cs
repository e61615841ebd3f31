using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Rs.Table;

namespace Minix3.Cosmos.Servers.Rs
{
    // The `service` command's requests (RsProtocol.cs): status, restart,
    // down, up, fault injection. Each answers with a status; none blocks RS
    // (the component's end arrives later as its defect report).
    internal sealed unsafe class Requests
    {
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
                return Status(request->Word5, reply);
            if (request->Type < RsRequest.Status || request->Type > RsRequest.Inject)
                return RsStatus.UnknownRequest;
            string? label = RsMessage.Label(request);
            if (label == null)
                return RsStatus.BadLabel;
            Service? service = Supervision.Find(_services, label);
            if (service == null)
                return RsStatus.NotFound;
            switch (request->Type)
            {
                case RsRequest.Restart:
                    if (!service.Alive)
                        return RsStatus.NotRunning;
                    service.KilledOnRequest = true;
                    return Kill(service);
                case RsRequest.Down:
                    if (service.Stopped)
                        return RsStatus.NotRunning;
                    bool alive = service.Alive;
                    service.Stopped = true;
                    service.Pending = false;
                    Diagnostics.Print(string.Concat("rs: ", label, " taken down on request"));
                    return alive ? Kill(service) : Lib.Ipc.Status.Ok;
                case RsRequest.Up:
                    if (!service.Stopped)
                        return RsStatus.AlreadyRunning;
                    service.Stopped = false;
                    service.Reason = Reasons.Requested;
                    _restarter.Restart(service);
                    return service.Stopped ? Lib.Ipc.Status.BadArgument : Lib.Ipc.Status.Ok;
                default:
                    if (!service.Alive)
                        return RsStatus.NotRunning;
                    Diagnostics.Print(string.Concat("rs: injecting fault ", request->Word5.ToString(), " into ", label));
                    Message notice = default;
                    notice.Type = RsRequest.FaultNotice;
                    notice.Word0 = request->Word5;
                    return Ipc.SendAsync(new Endpoint(service.Endpoint), &notice);
            }
        }

        private int Status(long index, Message* reply)
        {
            if (index < 0 || index >= _services.Count)
                return RsStatus.NotFound;
            Service service = _services[(int)index];
            RsMessage.SetLabel(reply, service.Label);
            reply->Word5 = service.Endpoint;
            int state = service.Stopped ? RsState.Stopped : service.Pending ? RsState.Restarting : RsState.Running;
            reply->Word6 = (long)(uint)(state | (service.LastReason << 8) | (service.Policy.Repetition << 16));
            return Lib.Ipc.Status.Ok;
        }

        private static int Kill(Service service)
        {
            Message message = default;
            message.Word0 = service.Endpoint;
            return Ipc.KernelCall(KernelCall.Kill, &message);
        }
    }
}
