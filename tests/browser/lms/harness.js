// A test page that plays the LMS: scorm-again (a real SCORM 1.2 / 2004 runtime) provides
// window.API or window.API_1484_11, and the package's launch page runs in a frame, as an
// LMS shows a SCO. The test drives it through window.launch() and reads window.API.
(function () {
  var format = new URLSearchParams(location.search).get("format");
  window.calls = [];
  window.launch = function (state, failing) {
    var settings = { autocommit: false, logLevel: 5 };
    var api = format === "scorm12" ? new Scorm12API(settings) : new Scorm2004API(settings);
    if (state) api.loadFromJSON(state);
    var name = format === "scorm12" ? "API" : "API_1484_11";
    if (failing) {
      // An LMS that refuses every write: the course must keep working.
      var refuse = function () { throw new Error("LMS refused the call"); };
      if (format === "scorm12") api.LMSSetValue = refuse; else api.SetValue = refuse;
    }
    api.on(format === "scorm12" ? "LMSSetValue.cmi.*" : "SetValue.cmi.*", function (el, value) {
      window.calls.push([el, value]);
    });
    window[name] = api;
    var frame = document.createElement("iframe");
    frame.id = "sco";
    frame.style.width = "100%";
    frame.style.height = "800px";
    frame.src = "../pkg/lms.html";
    document.body.appendChild(frame);
  };
  window.unload = function () {
    var f = document.getElementById("sco");
    f.src = "about:blank";
  };
})();
