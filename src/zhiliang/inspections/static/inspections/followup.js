(function () {
  // Show the fields a step needs: escalation for a failed second re-inspection, the waiver for
  // ordering rectification, the head count for training.
  const only = {id_escalation: "second_reinspect_fail", id_objection_waived: "order_rectification", id_training_attendees: "record_training"};
  const action = document.getElementById("id_action");
  const sync = () => Object.entries(only).forEach(([id, step]) => {
    const box = document.getElementById(id)?.closest("[class^='col']");
    if (box) box.hidden = action.value !== step;
  });
  action.addEventListener("change", sync);
  sync();
})();
