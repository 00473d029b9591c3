//! vCenter's description of its API (`vapi/metadata`) on the simulator, read through the console's generated
//! client (so every answer decodes into the generated models): the metamodel's components, packages, services,
//! operations (with their request mapping), structures, enumerations and resource types; the privileges and
//! authentication schemes; the CLI's namespaces and commands; fingerprints; unknown ids.

use crate::common::*;
use app::error::VapiErrorKind;
use app::vsphere::models::vapi::metadata::cli::{command, namespace};

#[test]
fn the_metadata_describes_the_api_the_simulator_serves() {
    block_on(async {
        let (url, _) = spawn_sim(Default::default()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        let components = s.vapi_metadata_metamodel_component_list().await.unwrap();
        for c in ["com.vmware.appliance", "com.vmware.cis", "com.vmware.content", "com.vmware.vapi", "com.vmware.vcenter"] {
            assert!(components.contains(&c.to_string()), "{c} in {components:?}");
        }
        // Every operation is described once, under its service, across the components.
        let mut operations = 0;
        for c in &components {
            let data = s.vapi_metadata_metamodel_component_get(c).await.unwrap();
            assert_eq!(s.vapi_metadata_metamodel_component_fingerprint(c).await.unwrap(), data.fingerprint, "the fingerprint of what get returns");
            operations += data.info.packages.0.iter().flat_map(|(_, p)| p.services.0.iter()).map(|(_, sv)| sv.operations.0.len()).sum::<usize>();
        }
        assert_eq!(operations, 407);

        let services = s.vapi_metadata_metamodel_service_list().await.unwrap();
        assert!(services.contains(&"com.vmware.vcenter.vm.power".to_string()));
        assert!(services.contains(&"com.vmware.vcenter.VM".to_string()), "named as vSphere 6.7 names it");
        assert!(s.vapi_metadata_metamodel_service_operation_list("com.vmware.vcenter.VM").await.unwrap().contains(&"list".to_string()));
        let ops = s.vapi_metadata_metamodel_service_operation_list("com.vmware.vcenter.vm.power").await.unwrap();
        assert_eq!(ops, ["get", "reset", "start", "stop", "suspend"]);
        let start = s.vapi_metadata_metamodel_service_operation_get("com.vmware.vcenter.vm.power", "start").await.unwrap();
        assert_eq!(start.params[0].name, "vm");
        let mapping = start.metadata.0.iter().find(|(k, _)| k == "RequestMapping").unwrap();
        assert!(mapping.1.elements.0.iter().any(|(_, v)| v.string_value.as_deref() == Some("/rest/vcenter/vm/{vm}/power/start")));
        assert!(start.errors.iter().any(|e| e.structure_id.ends_with("already_in_desired_state")));
        let package = s.vapi_metadata_metamodel_package_get("com.vmware.vcenter.vm").await.unwrap();
        assert!(package.services.0.iter().any(|(k, _)| k == "com.vmware.vcenter.vm.power"));
        let svc = s.vapi_metadata_metamodel_service_get("com.vmware.vcenter.datacenter").await.unwrap();
        assert!(svc.structures.0.iter().any(|(k, _)| k == "com.vmware.vcenter.datacenter.create_spec"));
        let spec = s.vapi_metadata_metamodel_structure_get("com.vmware.vcenter.datacenter.create_spec").await.unwrap();
        assert_eq!(spec.fields.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["name", "folder"]);
        assert_eq!(s.vapi_metadata_metamodel_structure_list().await.unwrap().len(), 353);
        assert_eq!(s.vapi_metadata_metamodel_enumeration_list().await.unwrap().len(), 131);
        let states = s.vapi_metadata_metamodel_enumeration_get("com.vmware.vcenter.vm.power.state").await.unwrap();
        assert!(states.values.iter().any(|v| v.value == "POWERED_ON"));
        assert!(s.vapi_metadata_metamodel_resource_list().await.unwrap().contains(&"VirtualMachine".to_string()));
        assert!(!s.vapi_metadata_metamodel_resource_model_list("VirtualMachine").await.unwrap().is_empty());
        assert!(s.vapi_metadata_metamodel_structure_get("com.vmware.nothing").await.unwrap_err().is(VapiErrorKind::NotFound));
        assert!(s.vapi_metadata_metamodel_service_operation_get("com.vmware.vcenter.vm.power", "explode").await.unwrap_err().is(VapiErrorKind::NotFound));

        // Privileges: what the simulator checks; authentication: the login takes a password, the rest a session.
        let p = s.vapi_metadata_privilege_service_operation_get("com.vmware.vcenter.vm.power", "start").await.unwrap();
        assert_eq!(p.privileges, ["VirtualMachine.Interact.PowerOn"]);
        assert!(!s.vapi_metadata_privilege_component_get("com.vmware.cis").await.unwrap().fingerprint.is_empty());
        assert!(s.vapi_metadata_privilege_package_get("com.vmware.cis.tagging").await.is_ok());
        assert!(s.vapi_metadata_privilege_service_get("com.vmware.cis.tagging.tag").await.is_ok());
        assert!(s.vapi_metadata_privilege_service_operation_list("com.vmware.cis.tagging.tag").await.unwrap().contains(&"create".to_string()));
        assert_eq!(s.vapi_metadata_privilege_component_list().await.unwrap(), components);
        assert!(!s.vapi_metadata_privilege_package_list().await.unwrap().is_empty());
        assert_eq!(s.vapi_metadata_privilege_service_list().await.unwrap().len(), services.len());
        assert!(!s.vapi_metadata_privilege_component_fingerprint("com.vmware.cis").await.unwrap().is_empty());
        let login = s.vapi_metadata_authentication_service_operation_get("com.vmware.cis.session", "create").await.unwrap();
        assert_eq!(login.schemes[0].scheme, "com.vmware.vapi.std.security.user_pass");
        let other = s.vapi_metadata_authentication_service_operation_get("com.vmware.vcenter.vm.power", "start").await.unwrap();
        assert_eq!(other.schemes[0].scheme, "com.vmware.vapi.std.security.session_id");
        assert!(s.vapi_metadata_authentication_component_get("com.vmware.vcenter").await.is_ok());
        assert!(!s.vapi_metadata_authentication_component_fingerprint("com.vmware.vcenter").await.unwrap().is_empty());
        assert!(s.vapi_metadata_authentication_package_get("com.vmware.vcenter.vm").await.is_ok());
        assert!(s.vapi_metadata_authentication_service_get("com.vmware.vcenter.vm.power").await.is_ok());
        assert!(!s.vapi_metadata_authentication_component_list().await.unwrap().is_empty());
        assert!(!s.vapi_metadata_authentication_package_list().await.unwrap().is_empty());
        assert!(!s.vapi_metadata_authentication_service_list().await.unwrap().is_empty());
        assert_eq!(s.vapi_metadata_authentication_service_operation_list("com.vmware.vcenter.vm.power").await.unwrap().len(), 5);

        // The CLI: one namespace per service, one command per operation.
        let namespaces = s.vapi_metadata_cli_namespace_list().await.unwrap();
        assert_eq!(namespaces.len(), services.len());
        let ns = s.vapi_metadata_cli_namespace_get(&namespace::Identity { path: "com.vmware.vcenter.vm".into(), name: "power".into() }).await.unwrap();
        assert!(ns.description.contains("vm.power"));
        let commands = s.vapi_metadata_cli_command_list(Some("com.vmware.vcenter.vm.power")).await.unwrap();
        assert_eq!(commands.len(), 5);
        let cmd = s.vapi_metadata_cli_command_get(&command::Identity { path: "com.vmware.vcenter.vm.power".into(), name: "start".into() }).await.unwrap();
        assert_eq!((cmd.service_id.as_str(), cmd.operation_id.as_str(), cmd.options[0].long_option.as_str()), ("com.vmware.vcenter.vm.power", "start", "vm"));
        assert!(!s.vapi_metadata_cli_command_fingerprint().await.unwrap().is_empty());
        assert!(!s.vapi_metadata_cli_namespace_fingerprint().await.unwrap().is_empty());
        assert!(s.vapi_metadata_cli_command_list(Some("com.vmware.nothing")).await.unwrap_err().is(VapiErrorKind::NotFound));
    })
}
