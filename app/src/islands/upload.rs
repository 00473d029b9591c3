//! A file upload's progress, per file. Without JavaScript the upload form posts as it is (multipart, no bar)
//! and the browser waits for the answer. With it, this island sends the same form with `XMLHttpRequest`, whose
//! upload progress events say how many bytes have left the browser; the files go in order, so each file's bar
//! is its share of that count. Beside it, once a second, what vCenter has received of each file (its update
//! session's `bytes_transferred`, read from the console's `/content/upload/progress`): the bytes that have
//! arrived, not only left. Cancel aborts the request: the console sees the upload cut off, cancels
//! vCenter's update session and deletes the item it made for it. When the console answers, the browser goes
//! to the item's page, or the refusal is shown.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One file being sent: name, size, bytes sent, bytes vCenter has received.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Sending {
    pub name: String,
    pub size: f64,
    pub sent: f64,
    pub received: f64,
}

/// Where the island reads what vCenter has received of an upload into `item`.
pub fn progress_url(item: &str) -> String {
    format!("{}?item={}", crate::api::content::transfer::PROGRESS_PATH, crate::vsphere::rest::encode_component(item))
}

/// Reads the console's `name<TAB>bytes` lines into the files they name.
pub fn received(files: &mut [Sending], text: &str) {
    for line in text.lines() {
        let Some((name, bytes)) = line.split_once('\t') else { continue };
        let Ok(n) = bytes.trim().parse::<u64>() else { continue };
        if let Some(f) = files.iter_mut().find(|f| f.name == name) {
            f.received = f.received.max(n as f64);
        }
    }
}

/// Splits `loaded` bytes of the request over files sent in order (each file's bytes follow the previous
/// one's; the multipart framing between them is small and counted into the file before it).
pub fn spread(sizes: &[f64], loaded: f64) -> Vec<f64> {
    let mut left = loaded.max(0.0);
    sizes
        .iter()
        .map(|&s| {
            let here = left.min(s);
            left -= here;
            here
        })
        .collect()
}

/// "12.3 MiB", in whole tenths (integer arithmetic: float formatting would add kilobytes to the WASM).
pub fn mib(n: f64) -> String {
    let tenths = ((n.max(0.0) as u64) * 10 + (1 << 19)) >> 20;
    format!("{}.{} MiB", tenths / 10, tenths % 10)
}

/// The progress of the form with id `form` (see the module); renders nothing until an upload starts. `progress`:
/// where vCenter's side of it is read (the item's, made by [`progress_url`]), or empty for an upload that makes
/// its item.
#[island]
pub fn UploadProgress(#[prop(into)] form: String, #[prop(into)] progress: String) -> impl IntoView {
    let files = RwSignal::new(Vec::<Sending>::new());
    let error = RwSignal::new(None::<String>);
    let cancelled = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    let request = StoredValue::new_local(None::<web_sys::XmlHttpRequest>);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| attach(&form, &progress, files, error, cancelled, request));
    #[cfg(not(feature = "hydrate"))]
    let _ = (&form, &progress);
    let cancel = move |_| {
        #[cfg(feature = "hydrate")]
        request.with_value(|r| {
            if let Some(r) = r {
                let _ = r.abort();
            }
        });
        cancelled.set(true);
    };
    view! {
        <div class="space-y-3" role="status" aria-live="polite" data-testid="upload-progress" hidden=move || files.with(Vec::is_empty) && error.with(Option::is_none)>
            <ul class="space-y-2">
                {move || files.get().into_iter().map(|f| {
                    let pct = if f.size > 0.0 { (f.sent * 100.0 / f.size).round() as u32 } else { 100 };
                    let unseen = f.received == 0.0;
                    view! {
                        <li class="space-y-1" data-testid="upload-file" data-file=f.name.clone() data-percent=pct>
                            <div class="flex justify-between gap-2 text-xs text-slate-700 dark:text-slate-300">
                                <span class="truncate">{f.name.clone()}</span>
                                <span class="tabular-nums">{format!("{} of {} ({pct}%)", mib(f.sent), mib(f.size))}</span>
                            </div>
                            <p class="text-right text-xs tabular-nums text-slate-600 dark:text-slate-400" data-testid="upload-received" hidden=unseen>
                                {format!("vCenter has received {}", mib(f.received))}
                            </p>
                            <div role="progressbar" aria-label=format!("Upload of {}", f.name) aria-valuemin="0" aria-valuemax="100" aria-valuenow=pct
                                class="h-2 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700">
                                <div class="h-full rounded-full bg-sky-600 dark:bg-sky-400" style=format!("width: {pct}%")></div>
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || error.get().map(|e| view! { <p role="alert" class="text-sm text-red-800 dark:text-red-200" data-testid="upload-refused">{e}</p> })}
            <button type="button" class=crate::components::form::BUTTON_SECONDARY on:click=cancel data-testid="upload-cancel"
                hidden=move || files.with(Vec::is_empty) || cancelled.get() || error.with(Option::is_some)>"Cancel upload"</button>
        </div>
    }
}

#[cfg(feature = "hydrate")]
fn attach(form_id: &str, progress_url: &str, files: RwSignal<Vec<Sending>>, error: RwSignal<Option<String>>, cancelled: RwSignal<bool>, request: StoredValue<Option<web_sys::XmlHttpRequest>, LocalStorage>) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(form) = super::element(form_id).and_then(|e| e.dyn_into::<web_sys::HtmlFormElement>().ok()) else { return };
    let progress_url = progress_url.to_string();
    let submit = Closure::<dyn FnMut(web_sys::SubmitEvent)>::new(move |ev: web_sys::SubmitEvent| {
        let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else { return };
        let (Ok(data), Ok(xhr)) = (web_sys::FormData::new_with_form(&form), web_sys::XmlHttpRequest::new()) else { return };
        ev.prevent_default();
        let mut chosen = Vec::new();
        if let Ok(inputs) = form.query_selector_all("input[type=file]") {
            for i in 0..inputs.length() {
                let Some(input) = inputs.item(i).and_then(|n| n.dyn_into::<web_sys::HtmlInputElement>().ok()) else { continue };
                let Some(list) = input.files() else { continue };
                for j in 0..list.length() {
                    if let Some(f) = list.get(j) {
                        chosen.push(Sending { name: f.name(), size: f.size(), sent: 0.0, received: 0.0 });
                    }
                }
            }
        }
        let sizes: Vec<f64> = chosen.iter().map(|f| f.size).collect();
        files.set(chosen);
        error.set(None);
        cancelled.set(false);
        let _ = xhr.open("POST", &form.action());
        // Plain text: the page to go to, or the refusal (no JSON parser in the WASM for this).
        let _ = xhr.set_request_header("Accept", "text/plain");
        let progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |p: web_sys::ProgressEvent| {
            let sent = spread(&sizes, p.loaded());
            files.update(|fs| fs.iter_mut().zip(sent).for_each(|(f, s)| f.sent = s));
        });
        if let Ok(upload) = xhr.upload() {
            upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
        }
        progress.forget();
        // vCenter's side, once a second, while this upload runs.
        let poll = (!progress_url.is_empty()).then(|| poll_received(progress_url.clone(), files)).flatten();
        let stop = move || {
            if let (Some(id), Some(w)) = (poll, web_sys::window()) {
                w.clear_interval_with_handle(id);
            }
        };
        let answered = xhr.clone();
        let done = Closure::<dyn FnMut()>::new(move || {
            stop();
            let text = answered.response_text().ok().flatten().unwrap_or_default();
            if answered.status().unwrap_or(0) == 200 && text.starts_with('/') {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().set_href(&text);
                }
                return;
            }
            error.set(Some(if text.is_empty() { "The console did not answer.".to_string() } else { text }));
        });
        xhr.set_onload(Some(done.as_ref().unchecked_ref()));
        done.forget();
        let failed = Closure::<dyn FnMut()>::new(move || {
            stop();
            error.set(Some("The upload stopped: the connection to the console was lost. Nothing was kept.".into()));
        });
        xhr.set_onerror(Some(failed.as_ref().unchecked_ref()));
        failed.forget();
        let aborted = Closure::<dyn FnMut()>::new(move || {
            stop();
            error.set(Some("Upload cancelled. Nothing was kept.".into()));
        });
        xhr.set_onabort(Some(aborted.as_ref().unchecked_ref()));
        aborted.forget();
        let _ = xhr.send_with_opt_form_data(Some(&data));
        request.set_value(Some(xhr));
    });
    let _ = form.add_event_listener_with_callback("submit", submit.as_ref().unchecked_ref());
    submit.forget();
}

/// Reads what vCenter has received of the upload from `url` every second; the interval's handle.
#[cfg(feature = "hydrate")]
fn poll_received(url: String, files: RwSignal<Vec<Sending>>) -> Option<i32> {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let tick = Closure::<dyn FnMut()>::new(move || {
        let Ok(xhr) = web_sys::XmlHttpRequest::new() else { return };
        let _ = xhr.open("GET", &url);
        let read = xhr.clone();
        let loaded = Closure::<dyn FnMut()>::new(move || {
            if read.status().unwrap_or(0) == 200 {
                let text = read.response_text().ok().flatten().unwrap_or_default();
                files.update(|fs| received(fs, &text));
            }
        });
        xhr.set_onload(Some(loaded.as_ref().unchecked_ref()));
        loaded.forget();
        let _ = xhr.send();
    });
    let id = web_sys::window()?.set_interval_with_callback_and_timeout_and_arguments_0(tick.as_ref().unchecked_ref(), 1000).ok();
    tick.forget();
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_mebibytes() {
        assert_eq!(mib(0.0), "0.0 MiB");
        assert_eq!(mib(52_428_800.0), "50.0 MiB");
        assert_eq!(mib(4_404_019.0), "4.2 MiB");
    }

    #[test]
    fn vcenter_s_counts_land_on_their_files() {
        let mut files = vec![Sending { name: "a.ovf".into(), size: 10.0, ..Default::default() }, Sending { name: "a disk.vmdk".into(), size: 100.0, ..Default::default() }];
        received(&mut files, "a disk.vmdk\t40\nother\t7\nbroken line\na.ovf\tx\n");
        assert_eq!((files[0].received, files[1].received), (0.0, 40.0));
        received(&mut files, "a disk.vmdk\t30\n");
        assert_eq!(files[1].received, 40.0, "a count never goes back");
    }

    #[test]
    fn bytes_sent_fill_the_files_in_order() {
        assert_eq!(spread(&[100.0, 50.0], 0.0), vec![0.0, 0.0]);
        assert_eq!(spread(&[100.0, 50.0], 120.0), vec![100.0, 20.0]);
        assert_eq!(spread(&[100.0, 50.0], 500.0), vec![100.0, 50.0], "framing bytes past the end count as done");
    }
}
