using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Pci.Bus;

namespace Minix3.Cosmos.Servers.Pci
{
    // pci, the PCI server (MINIX's pci; src/Lib/Ipc/PciMessages.cs). At
    // start it walks the buses and logs one line per function; then it
    // serves claims, BAR queries and the owners' configuration accesses.
    // It waits on nobody but RS (the authority on each driver's policy,
    // which answers at once); replies go out asynchronously, so a client
    // that stops receiving cannot stall it. What it forgets when it ends
    // is who holds which device: the drivers keep what they were given,
    // and a new pci hands devices out afresh.
    public static unsafe class Program
    {
        public static int Main()
        {
            var space = new PortConfigSpace();
            List<PciFunction> devices = Enumeration.Scan(space);
            for (int i = 0; i < devices.Count; i++)
                Diagnostics.Print("pci: " + devices[i].Describe());
            Diagnostics.Print(string.Concat("pci: ", devices.Count.ToString(), " functions; serving"));
            var server = new Server(space, devices);
            Message request, reply;
            while (true)
            {
                if (Ipc.Receive(Endpoint.Any, &request) != Status.Ok)
                    continue;
                if (request.Type == KernelMessageType.Notification || request.Source < 0)
                    continue;
                if (Reincarnation.AnswerPing(&request))
                    continue;
                reply = default;
                reply.Type = server.Handle(&request, &reply);
                Ipc.SendAsync(new Endpoint(request.Source), &reply);
            }
        }
    }
}
