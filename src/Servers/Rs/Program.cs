using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Rs.Table;

namespace Minix3.Cosmos.Servers.Rs
{
    // RS, the reincarnation server. At start it takes charge of every boot
    // component whose privilege table names rs as its manager; the kernel
    // then sends RS a defect report whenever one of them ends (exit, panic,
    // CPU exception, kill). RS applies the component's restart policy and
    // starts a new instance from the boot image with the same table
    // (Restarter), so the new one has the same label and privileges; clients
    // find it by label (or in DS, key "ep.<label>").
    //
    // It also pings the components whose policy asks for heartbeats
    // (Heartbeats) and kills one that stops answering, which restarts it.
    // The `service` command's requests: Requests. Not yet: recovery
    // scripts, complaints and live update (issue 6 continues).
    public static unsafe class Program
    {
        public static int Main()
        {
            var services = new List<Service>();
            Supervision.TakeCharge(services);
            Diagnostics.Print("rs: supervising " + services.Count.ToString() + " components");
            var restarter = new Restarter(services);
            var heartbeats = new Heartbeats(services);
            var requests = new Requests(services, restarter);
            heartbeats.Tick(Restarter.NowMs());
            Schedule(restarter, heartbeats);
            Message message;
            while (true)
            {
                if (Ipc.Receive(Endpoint.Any, &message) != Status.Ok)
                    continue;
                if (message.Source != Endpoint.Kernel.Value)
                {
                    if (message.Type == DriverRequest.Reply)
                    {
                        heartbeats.Answered(message.Source, &message);
                        continue;
                    }
                    if (message.Type == KernelMessageType.Notification || message.Source < 0)
                        continue;
                    Message reply = default;
                    reply.Type = requests.Handle(&message, &reply);
                    Ipc.SendAsync(new Endpoint(message.Source), &reply);
                    Schedule(restarter, heartbeats);
                    continue;
                }
                if (message.Type == KernelMessageType.DefectReport)
                    restarter.Ended((int)message.Word0, message.Word1, message.Word3);
                else if (message.Type == KernelMessageType.Notification && message.Word2 != 0)
                {
                    long now = Restarter.NowMs();
                    restarter.RestartDue(now);
                    heartbeats.Tick(now);
                }
                Schedule(restarter, heartbeats);
            }
        }

        // One alarm, for whichever comes first: a backed-off restart or a
        // heartbeat ping.
        private static void Schedule(Restarter restarter, Heartbeats heartbeats)
        {
            long next = restarter.NextDue();
            long ping = heartbeats.NextDue();
            if (ping < next)
                next = ping;
            if (next == long.MaxValue)
                return;
            long now = Restarter.NowMs();
            Devices.SetAlarm(next > now ? next - now : 1);
        }
    }
}
