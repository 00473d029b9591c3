// vcsim for vconsole's tests: govmomi's simulated vCenter (Debian golang-github-vmware-govmomi-dev) with its
// /rest endpoints (session, tagging, content library) registered. Built offline by `make vcsim`.
// Prints "VCSIM_URL=http://host:port" once listening, then serves until killed or stdin closes.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net/url"
	"os"
	"os/signal"

	"github.com/vmware/govmomi/simulator"
	_ "github.com/vmware/govmomi/vapi/simulator"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on")
	flag.Parse()

	model := simulator.VPX()
	defer model.Remove()
	if err := model.Create(); err != nil {
		log.Fatal(err)
	}
	model.Service.Listen = &url.URL{Host: *listen, User: url.UserPassword("administrator@vsphere.local", "VMware1!")}
	model.Service.RegisterEndpoints = true
	server := model.Service.NewServer()
	defer server.Close()

	fmt.Printf("VCSIM_URL=%s://%s\n", server.URL.Scheme, server.URL.Host)
	os.Stdout.Sync()

	done := make(chan struct{})
	go func() {
		io.Copy(io.Discard, os.Stdin)
		close(done)
	}()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	select {
	case <-done:
	case <-sig:
	}
}
